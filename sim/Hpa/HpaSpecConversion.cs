using k8s.Models;

namespace Headroom.Sim.Hpa;

// A defaulted, validated v2 spec as the model's HpaSpec.
internal static class HpaSpecConversion
{
    public static HpaSpec ToModel(V2HorizontalPodAutoscalerSpec spec) => new(
        spec.MinReplicas!.Value,
        spec.MaxReplicas,
        [.. spec.Metrics.Select(Metric)],
        spec.Behavior is { } behavior ? Behavior(behavior) : null);

    public static HpaBehavior Behavior(V2HorizontalPodAutoscalerBehavior behavior) => new(Rules(behavior.ScaleUp), Rules(behavior.ScaleDown));

    private static MetricSpec Metric(V2MetricSpec metric) => metric.Type switch
    {
        "Resource" => new MetricSpec(MetricSourceType.Resource, metric.Resource.Name, Target(metric.Resource.Target)),
        "ContainerResource" => new MetricSpec(MetricSourceType.ContainerResource, metric.ContainerResource.Name, Target(metric.ContainerResource.Target), metric.ContainerResource.Container),
        "Pods" => new MetricSpec(MetricSourceType.Pods, metric.Pods.Metric.Name, Target(metric.Pods.Target)),
        "Object" => new MetricSpec(MetricSourceType.Object, metric.ObjectProperty.Metric.Name, Target(metric.ObjectProperty.Target)),
        _ => new MetricSpec(MetricSourceType.External, metric.External.Metric.Name, Target(metric.External.Target)),
    };

    private static MetricTarget Target(V2MetricTarget target) => new(
        Enum.Parse<MetricTargetType>(target.Type),
        target.AverageUtilization,
        target.Value is { } value ? Quantities.Milli(value) : null,
        target.AverageValue is { } averageValue ? Quantities.Milli(averageValue) : null);

    private static ScalingRules Rules(V2HPAScalingRules rules) => new(
        rules.StabilizationWindowSeconds,
        Enum.Parse<SelectPolicy>(rules.SelectPolicy),
        [.. rules.Policies.Select(p => new ScalingPolicy(Enum.Parse<ScalingPolicyType>(p.Type), p.Value, p.PeriodSeconds))],
        // Quantity.AsApproximateFloat64, as tolerancesForHpa reads it.
        rules.Tolerance is { } tolerance ? (double)tolerance.ToDecimal() : null);
}
