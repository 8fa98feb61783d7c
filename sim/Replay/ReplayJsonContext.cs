using System.Text.Json.Serialization;

namespace Headroom.Sim.Replay;

/// <summary>summary.json's serializer, generated at build time: no reflection or serializer compilation at run time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ReplaySummary))]
[JsonSerializable(typeof(ReplaySummary[]))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
