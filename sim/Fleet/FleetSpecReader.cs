using Headroom.Fleet;
using Headroom.Signals.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Headroom.Sim.Fleet;

/// <summary>Reads fleet.yaml: a model preset, overrides of its numbers, the pods of a replica, the cold-start distribution and the step; every field checked.</summary>
public static class FleetSpecReader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();

    /// <summary>Parses fleet YAML; fields left out keep the preset's (or <see cref="FleetSpec.Default"/>'s) values.</summary>
    /// <exception cref="FleetSpecException">The YAML does not parse, names an unknown field or preset, or a value is out of range.</exception>
    public static FleetSpec Parse(string yaml, string origin = "fleet.yaml")
    {
        FleetFile? file;
        try
        {
            file = Yaml.Deserialize<FleetFile?>(yaml);
        }
        catch (YamlException e)
        {
            throw new FleetSpecException($"{origin}: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        file ??= new FleetFile();
        var errors = new List<string>();
        var defaults = FleetSpec.Default;
        var preset = defaults.Model;
        if (file.Model is { } name && !ModelProfile.Presets.TryGetValue(name, out preset!))
        {
            errors.Add($"model: unknown preset \"{name}\" (known: {string.Join(", ", ModelProfile.Presets.Keys)})");
            preset = defaults.Model;
        }
        var model = preset with
        {
            GpusPerReplica = file.GpusPerReplica ?? preset.GpusPerReplica,
            DecodeStepBaseMs = file.DecodeStepBaseMs ?? preset.DecodeStepBaseMs,
            DecodeStepPerSequenceMs = file.DecodeStepPerSequenceMs ?? preset.DecodeStepPerSequenceMs,
            PrefillTokensPerSecond = file.PrefillTokensPerSecond ?? preset.PrefillTokensPerSecond,
            PrefillChunkTokens = file.PrefillChunkTokens ?? preset.PrefillChunkTokens,
            MaxBatch = file.MaxBatch ?? preset.MaxBatch,
            KvCacheTokens = file.KvCacheTokens ?? preset.KvCacheTokens,
            PrefixCaching = file.PrefixCaching ?? preset.PrefixCaching,
        };
        Positive(errors, "gpusPerReplica", model.GpusPerReplica);
        Positive(errors, "decodeStepBaseMs", model.DecodeStepBaseMs);
        if (!(model.DecodeStepPerSequenceMs >= 0) || !double.IsFinite(model.DecodeStepPerSequenceMs))
            errors.Add($"decodeStepPerSequenceMs: {model.DecodeStepPerSequenceMs} must be zero or more");
        Positive(errors, "prefillTokensPerSecond", model.PrefillTokensPerSecond);
        Positive(errors, "prefillChunkTokens", model.PrefillChunkTokens);
        Positive(errors, "maxBatch", model.MaxBatch);
        Positive(errors, "kvCacheTokens", model.KvCacheTokens);

        var p50 = Seconds(errors, "coldStart.p50", file.ColdStart?.P50, defaults.ColdStart.P50Seconds);
        var p90 = Seconds(errors, "coldStart.p90", file.ColdStart?.P90, file.ColdStart?.P50 is null ? defaults.ColdStart.P90Seconds : p50);
        if (p90 < p50) errors.Add($"coldStart.p90: {p90}s is below coldStart.p50 ({p50}s)");
        var step = Seconds(errors, "step", file.Step, defaults.Step.TotalSeconds);
        if (step > 10) errors.Add($"step: {step}s is too coarse for request timings; use 10s or less");
        var timeout = Seconds(errors, "clientTimeout", file.ClientTimeout, defaults.ClientTimeout.TotalSeconds);
        var grace = Seconds(errors, "terminationGrace", file.TerminationGrace, defaults.TerminationGrace.TotalSeconds, allowZero: true);
        if (file.InitialReplicas is < 0) errors.Add($"initialReplicas: {file.InitialReplicas} is negative");
        var pods = file.PodsPerReplica ?? 1;
        if (pods < 1) errors.Add($"podsPerReplica: {pods} must be 1 or more");
        else if (model.GpusPerReplica > 0 && model.GpusPerReplica % pods != 0)
            errors.Add($"podsPerReplica: {model.GpusPerReplica} GPUs per replica do not divide evenly over {pods} pods");
        var disaggregation = DisaggregationOf(errors, file.Disaggregation);
        if (disaggregation is not null && pods > 1) errors.Add("podsPerReplica: a prefill/decode fleet of multi-pod replicas is not modelled");
        var routing = RoutingOf(errors, file.Routing);
        if (errors.Count > 0) throw new FleetSpecException($"{origin}: {string.Join("; ", errors)}");
        return new FleetSpec(model, new ColdStartDistribution(p50, p90), TimeSpan.FromSeconds(step), TimeSpan.FromSeconds(timeout),
            TimeSpan.FromSeconds(grace), file.InitialReplicas, file.Seed ?? defaults.Seed, PodsPerReplica: pods)
        { Disaggregation = disaggregation, Routing = routing };
    }

    private static RequestRouting RoutingOf(List<string> errors, string? text)
    {
        switch (text)
        {
            case null or "least-loaded": return RequestRouting.LeastLoaded;
            case "prefix-affinity": return RequestRouting.PrefixAffinity;
            default:
                errors.Add($"routing: \"{text}\" is not a routing (least-loaded or prefix-affinity)");
                return RequestRouting.LeastLoaded;
        }
    }

    private static DisaggregationSpec? DisaggregationOf(List<string> errors, DisaggregationFile? file)
    {
        if (file is null) return null;
        var fixedDelay = Seconds(errors, "disaggregation.kvTransfer", file.KvTransfer, 0, allowZero: true);
        var perThousand = Seconds(errors, "disaggregation.kvTransferPerThousandTokens", file.KvTransferPerThousandTokens, 0, allowZero: true);
        if (file.PrefillReplicas is < 0) errors.Add($"disaggregation.prefillReplicas: {file.PrefillReplicas} is negative");
        if (file.DecodeReplicas is < 0) errors.Add($"disaggregation.decodeReplicas: {file.DecodeReplicas} is negative");
        return new DisaggregationSpec(new KvTransfer(fixedDelay, perThousand / 1000), file.PrefillReplicas, file.DecodeReplicas);
    }

    private static void Positive(List<string> errors, string field, double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) errors.Add($"{field}: {value} must be positive");
    }

    private static double Seconds(List<string> errors, string field, string? text, double fallback, bool allowZero = false)
    {
        if (text is null) return fallback;
        if (Duration.TryParse(text) is { } d && (d > TimeSpan.Zero || (allowZero && d == TimeSpan.Zero))) return d.TotalSeconds;
        errors.Add($"{field}: \"{text}\" is not a {(allowZero ? "non-negative" : "positive")} duration (such as 90s or 2m)");
        return fallback;
    }

    // The file as written; YamlDotNet fills it, then Parse checks every field.
    private sealed class FleetFile
    {
        public string? Model { get; set; }
        public int? GpusPerReplica { get; set; }
        public int? PodsPerReplica { get; set; }
        public double? DecodeStepBaseMs { get; set; }
        public double? DecodeStepPerSequenceMs { get; set; }
        public double? PrefillTokensPerSecond { get; set; }
        public int? PrefillChunkTokens { get; set; }
        public int? MaxBatch { get; set; }
        public long? KvCacheTokens { get; set; }
        public bool? PrefixCaching { get; set; }
        public string? Routing { get; set; }
        public ColdStartFile? ColdStart { get; set; }
        public string? Step { get; set; }
        public string? ClientTimeout { get; set; }
        public string? TerminationGrace { get; set; }
        public int? InitialReplicas { get; set; }
        public int? Seed { get; set; }
        public DisaggregationFile? Disaggregation { get; set; }
    }

    private sealed class DisaggregationFile
    {
        public string? KvTransfer { get; set; }
        public string? KvTransferPerThousandTokens { get; set; }
        public int? PrefillReplicas { get; set; }
        public int? DecodeReplicas { get; set; }
    }

    private sealed class ColdStartFile
    {
        public string? P50 { get; set; }
        public string? P90 { get; set; }
    }
}

/// <summary>fleet.yaml is not valid; the message names the field.</summary>
public sealed class FleetSpecException(string message) : Exception(message);
