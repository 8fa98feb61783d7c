using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

/// <summary>The HorizontalPodAutoscaler KEDA's operator creates for a ScaledObject, as the existing HPA model reads it.</summary>
/// <param name="Name">The HPA's name: horizontalPodAutoscalerConfig.name, or keda-hpa-&lt;ScaledObject name&gt; (getHPAName).</param>
/// <param name="Spec">minReplicas, maxReplicas, metrics and behavior.</param>
/// <param name="TriggerOfMetric">For each entry of Spec.Metrics, the index of the trigger it comes from.</param>
public sealed record KedaHpa(string Name, HpaSpec Spec, IReadOnlyList<int> TriggerOfMetric)
{
    private static readonly string[] PauseAnnotations =
        ["autoscaling.keda.sh/paused", "autoscaling.keda.sh/paused-replicas", "autoscaling.keda.sh/paused-scale-in", "autoscaling.keda.sh/paused-scale-out"];

    /// <summary>newHPAForScaledObject (controllers/keda/hpa.go).</summary>
    /// <exception cref="ScaledObjectException">The ScaledObject uses something the simulator does not model; the message names the field.</exception>
    public static KedaHpa For(ScaledObject scaledObject)
    {
        var spec = scaledObject.Spec;
        if (PauseAnnotations.FirstOrDefault(scaledObject.Metadata.Annotations.ContainsKey) is { } pause)
        {
            throw new ScaledObjectException($"metadata.annotations[{pause}]: pausing is not modelled by the simulator");
        }
        if (spec.Advanced?.ScalingModifiers is not null)
        {
            throw new ScaledObjectException("spec.advanced.scalingModifiers: the composite metric's formula is not modelled by the simulator");
        }
        var metrics = new List<(MetricSpec Metric, int Trigger)>();
        for (var i = 0; i < spec.Triggers.Count; i++)
        {
            var trigger = spec.Triggers[i];
            var scaler = trigger.Scaler ?? throw new ScaledObjectException(
                $"spec.triggers[{i}].type: \"{trigger.Type}\" is not modelled by the simulator (modelled: {string.Join(", ", ScalerTargets.Modelled)})");
            metrics.Add((Metric(i, trigger, scaler), i));
        }
        // getScaledObjectMetricSpecs sorts the metrics by source type; the HPA takes the highest proposal,
        // so the order only decides which error is reported first.
        metrics = [.. metrics.OrderBy(m => m.Metric.Type.ToString(), StringComparer.Ordinal)];
        var hpa = new HpaSpec(
            // GetHPAMinReplicas: minReplicaCount when above 0, else 1, since KEDA itself owns 0 ↔ 1.
            Math.Max(spec.MinReplicaCount, 1),
            // GetHPAMaxReplicas.
            spec.MaxReplicaCount,
            [.. metrics.Select(m => m.Metric)],
            spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior);
        var name = spec.Advanced?.HorizontalPodAutoscalerConfig?.Name ?? $"keda-hpa-{scaledObject.Metadata.Name}";
        return new KedaHpa(name, hpa, [.. metrics.Select(m => m.Trigger)]);
    }

    /// <summary>
    /// The name KEDA gives trigger <paramref name="index"/>'s external metric: GenerateMetricNameWithIndex, s&lt;index&gt;-&lt;scaler's name&gt;.
    /// Headroom's external scaler names the metric after its signal; for other scalers the model uses the trigger type.
    /// </summary>
    public static string MetricName(int index, ScaleTrigger trigger) => trigger.Type is "external" or "external-push"
        ? $"s{index}-{trigger.Metadata.GetValueOrDefault("metric", ScalerTargets.HeadroomDefaultMetric)}"
        : $"s{index}-{trigger.Type}";

    // A scaler's GetMetricSpecForScaling: an External metric for the scalers KEDA serves, a Resource or
    // ContainerResource metric for cpu and memory, which the resource metrics API serves.
    private static MetricSpec Metric(int index, ScaleTrigger trigger, ScalerTarget scaler)
    {
        var milli = (long)decimal.Ceiling(scaler.Target * 1000m);
        var target = scaler.TargetType switch
        {
            MetricTargetType.Utilization => new MetricTarget(MetricTargetType.Utilization, AverageUtilization: (int)scaler.Target),
            MetricTargetType.Value => new MetricTarget(MetricTargetType.Value, ValueMilli: milli),
            _ => new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: milli),
        };
        if (scaler.Resource is { } resource)
        {
            return scaler.Container is { } container
                ? new MetricSpec(MetricSourceType.ContainerResource, resource, target, container)
                : new MetricSpec(MetricSourceType.Resource, resource, target);
        }
        return new MetricSpec(MetricSourceType.External, MetricName(index, trigger), target);
    }
}
