using System.Globalization;
using Headroom.Sim.Hpa;
using k8s.Models;

namespace Headroom.Sim.Keda;

// What each modelled scaler reads from its trigger's metadata: the target it puts in the HPA's metric
// (GetMetricSpecForScaling) and the activation threshold its GetMetricsAndActivity compares the value with.
internal static class ScalerTargets
{
    // The metadata keys of each scaler's typed config: prometheus_scaler.go (threshold, activationThreshold),
    // metrics_api_scaler.go (targetValue, activationTargetValue). KEDA's external scaler takes both from the
    // gRPC server; Headroom's server reads them from its scalerMetadata as target and activationTarget
    // (docs/keda.md), target 1 for its default signal.
    private static readonly Dictionary<string, (string Target, string Activation)> Keys = new()
    {
        ["prometheus"] = ("threshold", "activationThreshold"),
        ["metrics-api"] = ("targetValue", "activationTargetValue"),
        ["external"] = ("target", "activationTarget"),
        ["external-push"] = ("target", "activationTarget"),
    };

    /// <summary>The trigger types the simulator models.</summary>
    public static IEnumerable<string> Modelled => Keys.Keys.Concat(["cpu", "memory"]);

    public static ScalerTarget? Read(string type, IReadOnlyDictionary<string, string> metadata, MetricTargetType? metricType, string path, List<string> errors)
    {
        if (type is "cpu" or "memory")
        {
            return Resource(type, metadata, metricType, path, errors);
        }
        if (!Keys.TryGetValue(type, out var keys))
        {
            return null;
        }
        // GetMetricTargetType: AverageValue when not given, Utilization refused for external metrics.
        if (metricType == MetricTargetType.Utilization)
        {
            errors.Add($"{path}.metricType: 'Utilization' metric type is unsupported for external metrics, allowed values are 'Value' or 'AverageValue'");
            return null;
        }
        var target = HeadroomDefaultTarget(type, metadata) ?? Number(metadata, keys.Target, $"{path}.metadata", errors, required: true);
        var activation = Number(metadata, keys.Activation, $"{path}.metadata", errors, required: false) ?? 0;
        if (target is not { } t)
        {
            return null;
        }
        // The generated HPA's target must be positive, or the API server refuses the HPA.
        var quantity = Milli.Of(t);
        if (quantity <= 0)
        {
            errors.Add($"{path}.metadata.{keys.Target}: Invalid value: \"{metadata[keys.Target]}\": the HPA target must be positive");
            return null;
        }
        return new ScalerTarget(metricType ?? MetricTargetType.AverageValue, quantity / 1000m, activation);
    }

    /// <summary>The signal Headroom's external scaler serves when metadata.metric is not given.</summary>
    public const string HeadroomDefaultMetric = "headroom_desired_replicas";

    // Headroom's scaler needs no target for headroom_desired_replicas: it is 1 desired replica per replica.
    private static double? HeadroomDefaultTarget(string type, IReadOnlyDictionary<string, string> metadata) =>
        type is "external" or "external-push" && !metadata.ContainsKey("target") && metadata.GetValueOrDefault("metric", HeadroomDefaultMetric) == HeadroomDefaultMetric
            ? 1
            : null;

    // cpu_memory_scaler.go: metricType (or the deprecated metadata.type) is Utilization or AverageValue,
    // metadata.value is the target, metadata.containerName makes it a ContainerResource metric.
    private static ScalerTarget? Resource(string type, IReadOnlyDictionary<string, string> metadata, MetricTargetType? metricType, string path, List<string> errors)
    {
        var targetType = metricType;
        if (targetType is null && metadata.TryGetValue("type", out var legacy))
        {
            targetType = Enum.TryParse<MetricTargetType>(legacy, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        }
        if (targetType is not (MetricTargetType.Utilization or MetricTargetType.AverageValue))
        {
            errors.Add($"{path}.metricType: Required value: a {type} trigger needs metricType Utilization or AverageValue");
            return null;
        }
        if (!metadata.TryGetValue("value", out var text))
        {
            errors.Add($"{path}.metadata.value: Required value");
            return null;
        }
        decimal target;
        if (targetType == MetricTargetType.Utilization)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) || percent <= 0)
            {
                errors.Add($"{path}.metadata.value: Invalid value: \"{text}\": a utilization is a positive whole percent");
                return null;
            }
            target = percent;
        }
        else
        {
            try
            {
                target = new ResourceQuantity(text).ToDecimal();
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                errors.Add($"{path}.metadata.value: Invalid value: \"{text}\": not a quantity");
                return null;
            }
            if (target <= 0)
            {
                errors.Add($"{path}.metadata.value: Invalid value: \"{text}\": must be positive");
                return null;
            }
        }
        metadata.TryGetValue("containerName", out var container);
        return new ScalerTarget(targetType.Value, target, 0, type, string.IsNullOrEmpty(container) ? null : container);
    }

    // The typed config parses float64 with strconv.ParseFloat.
    private static double? Number(IReadOnlyDictionary<string, string> metadata, string key, string path, List<string> errors, bool required)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            if (required)
            {
                errors.Add($"{path}.{key}: Required value");
            }
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add($"{path}.{key}: Invalid value: \"{text}\": not a number");
            return null;
        }
        return value;
    }
}
