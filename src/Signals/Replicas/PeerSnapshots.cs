using System.Text;
using System.Text.Json;
using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Replicas;

/// <summary>
/// Turns the owned part of a snapshot into the bytes a replica serves its peers, and back. Binary, because every
/// replica decodes every other replica's pods every cycle: JSON cost as much CPU as the cycle's own scraping at
/// 30,000 peer pods. The metric names travel in the header, so that replicas of two versions during a rollout map
/// what they share and leave out what they do not; the decision inputs travel as JSON, one small object per workload.
/// Version 2 adds each workload's engine versions; a version 1 snapshot reads as one whose pods report none.
/// </summary>
public static class PeerSnapshots
{
    private const uint Magic = 0x53505248; // "HRPS", little-endian
    private const byte Version = 2;
    private static readonly string[] MetricNames = MetricCatalog.All.Select(m => m.Name).ToArray();

    /// <summary>The bytes a replica serves its peers.</summary>
    public static byte[] Encode(string member, long generation, SignalSnapshot owned)
    {
        using var buffer = new MemoryStream(1024 + owned.Workloads.Sum(w => 64 + w.Pods.Count * 160));
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(member);
        writer.Write(generation);
        writer.Write(owned.BuiltAt.UtcTicks);
        writer.Write(MetricNames.Length);
        foreach (var name in MetricNames) writer.Write(name);
        writer.Write(owned.Workloads.Count);
        foreach (var w in owned.Workloads)
        {
            writer.Write(w.Spec.Namespace);
            writer.Write(w.Spec.Id);
            WriteTicks(writer, w.ObservedAt);
            WriteString(writer, w.LastError);
            WriteValues(writer, w.Values);
            writer.Write(w.Pods.Count);
            foreach (var pod in w.Pods)
            {
                writer.Write(pod.Name);
                WriteString(writer, pod.Node);
                writer.Write(pod.Labels.Count);
                foreach (var (key, value) in pod.Labels)
                {
                    writer.Write(key);
                    writer.Write(value);
                }
                WriteValues(writer, pod.Values);
            }
            var decision = w.Decision is null ? null : JsonSerializer.SerializeToUtf8Bytes(w.Decision, ReplicaJsonContext.Default.ReplicaDecision);
            writer.Write(decision?.Length ?? -1);
            if (decision is not null) writer.Write(decision);
            writer.Write(w.OlderNames.Count);
            foreach (var name in w.OlderNames) writer.Write(name);
            writer.Write(w.EngineVersions.Count);
            foreach (var version in w.EngineVersions)
            {
                writer.Write(version.Version);
                writer.Write(version.Names);
                writer.Write(version.Pods);
            }
        }
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a peer's bytes into signals of the configured workloads; workloads not configured here (a peer on
    /// another configuration during a rollout) and metrics this version does not know are left out.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a peer snapshot of this format.</exception>
    public static (PeerSnapshot Header, IReadOnlyList<WorkloadSignals> Workloads) Decode(byte[] bytes,
        IReadOnlyDictionary<(string Namespace, string Name), WorkloadSpec> configured)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic) throw new InvalidDataException("not a peer snapshot");
            var version = reader.ReadByte();
            if (version is < 1 or > Version) throw new InvalidDataException($"a peer snapshot of version {version}; this replica reads versions 1 to {Version}");
            var header = new PeerSnapshot(reader.ReadString(), reader.ReadInt64(), new DateTimeOffset(Ticks(reader), TimeSpan.Zero));
            var metrics = new CatalogMetric?[Count(reader)];
            for (var i = 0; i < metrics.Length; i++) metrics[i] = MetricCatalog.TryGet(reader.ReadString(), out var d) ? d.Id : null;
            var count = Count(reader);
            var workloads = new List<WorkloadSignals>(count);
            for (var i = 0; i < count; i++)
            {
                var key = (reader.ReadString(), reader.ReadString());
                var observedAt = ReadTicks(reader);
                var lastError = ReadString(reader);
                var values = ReadValues(reader, metrics);
                var pods = new PodSignals[Count(reader)];
                for (var p = 0; p < pods.Length; p++)
                {
                    var name = reader.ReadString();
                    var node = ReadString(reader);
                    var labelCount = Count(reader);
                    var labels = new Dictionary<string, string>(labelCount, StringComparer.Ordinal);
                    for (var l = 0; l < labelCount; l++) labels[reader.ReadString()] = reader.ReadString();
                    pods[p] = new PodSignals(name, labels, node, ReadValues(reader, metrics));
                }
                var decisionLength = reader.ReadInt32();
                if (decisionLength < -1 || decisionLength > bytes.Length) throw new InvalidDataException($"a decision of {decisionLength} bytes");
                var decision = decisionLength < 0 ? null
                    : JsonSerializer.Deserialize(reader.ReadBytes(decisionLength), ReplicaJsonContext.Default.ReplicaDecision);
                var olderNames = new string[Count(reader)];
                for (var n = 0; n < olderNames.Length; n++) olderNames[n] = reader.ReadString();
                var engineVersions = new EngineVersionPods[version >= 2 ? Count(reader) : 0];
                for (var v = 0; v < engineVersions.Length; v++) engineVersions[v] = new EngineVersionPods(reader.ReadString(), reader.ReadString(), PodCount(reader));
                if (configured.TryGetValue(key, out var spec))
                {
                    workloads.Add(new WorkloadSignals(spec, observedAt, lastError, values, pods, decision)
                    {
                        OlderNames = olderNames,
                        EngineVersions = engineVersions,
                    });
                }
            }
            if (reader.BaseStream.Position != bytes.Length) throw new InvalidDataException("bytes left over after the last workload");
            return (header, workloads);
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or ArgumentOutOfRangeException or FormatException or DecoderFallbackException)
        {
            throw new InvalidDataException($"a peer snapshot could not be read: {ex.Message}", ex);
        }
    }

    private static void WriteValues(BinaryWriter writer, MetricValues values)
    {
        foreach (var metric in MetricCatalog.All)
        {
            // NaN marks a missing value, as MetricValues keeps it.
            writer.Write(values[metric.Id] ?? double.NaN);
        }
    }

    // Non-finite values read as missing, as MetricValues treats them.
    private static MetricValues ReadValues(BinaryReader reader, CatalogMetric?[] metrics)
    {
        var values = new MetricValues();
        foreach (var metric in metrics)
        {
            var value = reader.ReadDouble();
            if (metric is { } known) values.Set(known, value);
        }
        return values;
    }

    private static void WriteTicks(BinaryWriter writer, DateTimeOffset? at) => writer.Write(at?.UtcTicks ?? -1);

    private static DateTimeOffset? ReadTicks(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return ticks == -1 ? null : new DateTimeOffset(CheckTicks(ticks), TimeSpan.Zero);
    }

    private static long Ticks(BinaryReader reader) => CheckTicks(reader.ReadInt64());

    private static long CheckTicks(long ticks) =>
        ticks is >= 0 and <= 3155378975999999999 ? ticks : throw new InvalidDataException($"{ticks} is not an instant");

    private static void WriteString(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    private static string? ReadString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static int PodCount(BinaryReader reader)
    {
        var pods = reader.ReadInt32();
        return pods >= 0 ? pods : throw new InvalidDataException($"{pods} pods of an engine version");
    }

    // A count can never exceed the bytes left, since each element takes at least one: a corrupt count fails here, not in an allocation.
    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new InvalidDataException($"a count of {count} with {reader.BaseStream.Length - reader.BaseStream.Position} bytes left");
    }
}
