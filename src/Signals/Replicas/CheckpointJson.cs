using System.Text.Json.Serialization;
using Headroom.Signals.Pipeline;

namespace Headroom.Signals.Replicas;

/// <summary>The JSON form of checkpoints and peer snapshots, generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WorkloadCheckpoint))]
[JsonSerializable(typeof(PeerSnapshot))]
public sealed partial class ReplicaJsonContext : JsonSerializerContext;
