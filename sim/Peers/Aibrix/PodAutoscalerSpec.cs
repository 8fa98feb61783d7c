using Headroom.Signals.Catalog;

namespace Headroom.Sim.Peers.Aibrix;

/// <summary>AIBrix's scaling strategies that the replay models.</summary>
public enum AibrixStrategy
{
    /// <summary>Knative's pod autoscaler: stable and panic windows.</summary>
    Kpa,
    /// <summary>AIBrix's own: a ratio to the target with fluctuation tolerances.</summary>
    Apa,
}

/// <summary>
/// An autoscaling.aibrix.ai/v1alpha1 PodAutoscaler as the replay runs it, with AIBrix's defaults for what the
/// manifest leaves out (pkg/controller/podautoscaler/context/context.go; windows from Knative's defaults).
/// </summary>
/// <param name="Name">metadata.name.</param>
/// <param name="Strategy">spec.scalingStrategy.</param>
/// <param name="MinReplicas">spec.minReplicas.</param>
/// <param name="MaxReplicas">spec.maxReplicas.</param>
/// <param name="TargetMetric">spec.metricsSources[0].targetMetric, as written.</param>
/// <param name="Signal">The fleet signal that metric is.</param>
/// <param name="TargetValue">spec.metricsSources[0].targetValue: per pod.</param>
/// <param name="MaxScaleUpRate">autoscaling.aibrix.ai/max-scale-up-rate (2).</param>
/// <param name="MaxScaleDownRate">autoscaling.aibrix.ai/max-scale-down-rate (2).</param>
/// <param name="UpTolerance">autoscaling.aibrix.ai/scale-up-tolerance (0.1), APA.</param>
/// <param name="DownTolerance">autoscaling.aibrix.ai/scale-down-tolerance (0.1), APA.</param>
/// <param name="PanicThreshold">autoscaling.aibrix.ai/panic-threshold (2), KPA.</param>
/// <param name="StableWindow">spec.observeWindowSeconds (60 s), KPA.</param>
/// <param name="PanicWindow">spec.panicWindowSeconds (6 s, Knative's 10% of the stable window), KPA.</param>
/// <param name="ScaleDownCooldown">autoscaling.aibrix.ai/scale-down-cooldown-window (300 s).</param>
public sealed record PodAutoscalerSpec(
    string Name,
    AibrixStrategy Strategy,
    int MinReplicas,
    int MaxReplicas,
    string TargetMetric,
    CatalogMetric Signal,
    double TargetValue,
    double MaxScaleUpRate,
    double MaxScaleDownRate,
    double UpTolerance,
    double DownTolerance,
    double PanicThreshold,
    TimeSpan StableWindow,
    TimeSpan PanicWindow,
    TimeSpan ScaleDownCooldown);

/// <summary>A PodAutoscaler manifest the replay cannot run; the message names the field.</summary>
public sealed class PodAutoscalerException(string message) : Exception(message);
