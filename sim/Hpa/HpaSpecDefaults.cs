using k8s.Models;

namespace Headroom.Sim.Hpa;

// pkg/apis/autoscaling/v2/defaults.go, applied to a freshly read manifest before validation, as the
// API server applies it when it decodes the object.
internal static class HpaSpecDefaults
{
    // autoscaling.DefaultCPUUtilization.
    private const int DefaultCpuUtilization = 80;

    // SetDefaults_HorizontalPodAutoscaler and SetDefaults_HorizontalPodAutoscalerBehavior.
    public static void Apply(V2HorizontalPodAutoscalerSpec spec)
    {
        spec.MinReplicas ??= 1;
        if (spec.Metrics is null || spec.Metrics.Count == 0)
        {
            spec.Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = DefaultCpuUtilization } },
                },
            ];
        }
        // Behavior is filled in only when present; without it the controller takes its legacy path.
        if (spec.Behavior is { } behavior)
        {
            Apply(behavior);
        }
    }

    // SetDefaults_HorizontalPodAutoscalerBehavior; also for a behavior KEDA copies into the HPA it generates.
    public static void Apply(V2HorizontalPodAutoscalerBehavior behavior)
    {
        behavior.ScaleUp = Generate(behavior.ScaleUp, ScalingRules.DefaultScaleUp);
        behavior.ScaleDown = Generate(behavior.ScaleDown, ScalingRules.DefaultScaleDown);
    }

    // GenerateHPAScaleUpRules / GenerateHPAScaleDownRules via copyHPAScalingRules: every unset field from the defaults.
    private static V2HPAScalingRules Generate(V2HPAScalingRules? from, ScalingRules defaults) => new()
    {
        StabilizationWindowSeconds = from?.StabilizationWindowSeconds ?? defaults.StabilizationWindowSeconds,
        SelectPolicy = from?.SelectPolicy ?? defaults.SelectPolicy.ToString(),
        Policies = from?.Policies ?? [.. defaults.Policies.Select(p => new V2HPAScalingPolicy { PeriodSeconds = p.PeriodSeconds, Type = p.Type.ToString(), Value = p.Value })],
        Tolerance = from?.Tolerance,
    };
}
