namespace Headroom.Sim.Hpa;

/// <summary>The part of an autoscaling/v2 HorizontalPodAutoscaler spec the controller acts on, defaults applied.</summary>
/// <param name="MinReplicas">spec.minReplicas (1 when unset; 0 only with HPAScaleToZero).</param>
/// <param name="MaxReplicas">spec.maxReplicas.</param>
/// <param name="Metrics">spec.metrics (cpu at 80% when unset).</param>
/// <param name="Behavior">spec.behavior; null selects the controller's legacy normalization.</param>
public sealed record HpaSpec(int MinReplicas, int MaxReplicas, IReadOnlyList<MetricSpec> Metrics, HpaBehavior? Behavior = null);
