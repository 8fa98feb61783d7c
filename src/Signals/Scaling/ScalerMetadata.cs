using System.Globalization;
using Headroom.Signals.Catalog;

namespace Headroom.Signals.Scaling;

/// <summary>A trigger's <c>scalerMetadata</c>, parsed: which workload and signal it scales on, and its thresholds.</summary>
/// <param name="Namespace">The workload's namespace (default: the ScaledObject's).</param>
/// <param name="Workload">The configured workload's name.</param>
/// <param name="Metric">The catalog signal served to KEDA.</param>
/// <param name="Target">The HPA target per replica (AverageValue) or in all (Value), as the trigger's metricType says.</param>
/// <param name="ActivationTarget">The signal is active above this value.</param>
/// <param name="ActivationDemand">Forecast token demand (tokens/s) above which the workload is active; null leaves the forecast out of activation.</param>
public sealed record ScalerMetadata(
    string Namespace,
    string Workload,
    MetricDefinition Metric,
    double Target,
    double ActivationTarget,
    double? ActivationDemand)
{
    /// <summary>The role of a workload with roles (<c>prefill</c> or <c>decode</c>) whose signals the trigger reads; null for a workload without.</summary>
    public string? Role { get; init; }

    /// <summary>The signal scaled on when the trigger names none.</summary>
    public const string DefaultMetric = "headroom_desired_replicas";

    /// <summary>Keys KEDA itself puts into every external trigger's metadata; they are KEDA's, not Headroom's.</summary>
    private static readonly HashSet<string> KedaKeys = new(StringComparer.Ordinal) { "scalerAddress", "enableTLS", "unsafeSsl" };

    private static readonly string[] OwnKeys = ["workload", "role", "namespace", "metric", "target", "activationTarget", "activationDemand"];

    /// <summary>Parses the metadata of a trigger on a ScaledObject in <paramref name="scaledObjectNamespace"/>.</summary>
    /// <exception cref="ScalerMetadataException">A key is missing, unknown or has a bad value; the message names it.</exception>
    public static ScalerMetadata Parse(IReadOnlyDictionary<string, string> metadata, string scaledObjectNamespace)
    {
        var values = Resolve(metadata);
        var workload = Required(values, "workload");
        // A trigger reads its own namespace's workloads only: whoever may write a ScaledObject in one namespace
        // must not read another's signals by naming it. The key stays accepted when it names the same namespace.
        var ns = scaledObjectNamespace;
        if (ns.Length == 0) throw new ScalerMetadataException("namespace", "the ScaledObject's namespace is not known");
        if (values.GetValueOrDefault("namespace") is { } named && named != ns)
            throw new ScalerMetadataException("namespace", $"is \"{named}\", but a trigger reads workloads of its own ScaledObject's namespace (\"{ns}\") only");

        var metricName = values.GetValueOrDefault("metric") ?? DefaultMetric;
        if (!MetricCatalog.TryGet(metricName, out var metric))
            throw new ScalerMetadataException("metric", $"\"{metricName}\" is not a Headroom signal; one of: {string.Join(", ", MetricCatalog.All.Select(m => m.Name))}");

        // One desired replica per replica is the only target that makes headroom_desired_replicas mean what it says.
        var target = values.ContainsKey("target") || metric.Name != DefaultMetric ? Number(values, "target", positive: true) : 1.0;
        var activation = values.ContainsKey("activationTarget") ? Number(values, "activationTarget", positive: false) : 0.0;
        var demand = values.ContainsKey("activationDemand") ? Number(values, "activationDemand", positive: false) : (double?)null;
        var role = values.GetValueOrDefault("role");
        if (role is { Length: 0 }) throw new ScalerMetadataException("role", "is empty; name the role (prefill or decode), or leave the key out");
        return new ScalerMetadata(ns, workload, metric, target, activation, demand) { Role = role };
    }

    // KEDA hands "<key>FromEnv" entries over under their own name, with the environment value already resolved.
    private static Dictionary<string, string> Resolve(IReadOnlyDictionary<string, string> metadata)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in metadata)
        {
            if (KedaKeys.Contains(rawKey)) continue;
            var key = rawKey.EndsWith("FromEnv", StringComparison.Ordinal) ? rawKey[..^"FromEnv".Length] : rawKey;
            if (!OwnKeys.Contains(key))
                throw new ScalerMetadataException(rawKey, $"is not a Headroom key; the keys are {string.Join(", ", OwnKeys)}");
            if (!values.TryAdd(key, value.Trim()))
                throw new ScalerMetadataException(rawKey, $"is given twice, as {key} and {key}FromEnv");
        }
        return values;
    }

    private static string Required(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new ScalerMetadataException(key, "is required");

    private static double Number(Dictionary<string, string> values, string key, bool positive)
    {
        var text = Required(values, key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            throw new ScalerMetadataException(key, $"\"{text}\" is not a number");
        if (positive ? number <= 0 : number < 0)
            throw new ScalerMetadataException(key, $"{text} must be {(positive ? "above zero" : "zero or more")}");
        return number;
    }
}

/// <summary>Trigger metadata that cannot be used; the message starts with the key at fault.</summary>
public sealed class ScalerMetadataException(string key, string problem) : Exception($"scalerMetadata.{key}: {problem}")
{
    /// <summary>The metadata key at fault.</summary>
    public string Key { get; } = key;
}
