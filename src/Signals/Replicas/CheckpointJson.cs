using System.Text.Json.Serialization;
using Headroom.Signals.Pipeline;

namespace Headroom.Signals.Replicas;

/// <summary>The JSON form of checkpoints and of the decision inputs in peer snapshots, generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WorkloadCheckpoint))]
[JsonSerializable(typeof(Headroom.Signals.Snapshots.ReplicaDecision))]
public sealed partial class ReplicaJsonContext : JsonSerializerContext;
