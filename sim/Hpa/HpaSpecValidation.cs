using k8s.Models;

namespace Headroom.Sim.Hpa;

// The checks of pkg/apis/autoscaling/validation/validation.go that bear on the controller's inputs,
// with its field paths; run after the defaults, as the API server runs them. Metrics: MetricSpecValidation.
internal static class HpaSpecValidation
{
    // MaxStabilizationWindowSeconds and MaxPeriodSeconds.
    private const int MaxStabilizationWindowSeconds = 3600;
    private const int MaxPeriodSeconds = 1800;

    private static readonly string[] SelectPolicies = ["Max", "Min", "Disabled"];
    private static readonly string[] PolicyTypes = ["Pods", "Percent"];

    // validateHorizontalPodAutoscalerSpec; minReplicasLowerBound is 0 with HPAScaleToZero, else 1.
    public static List<string> Validate(V2HorizontalPodAutoscalerSpec spec, int minReplicasLowerBound)
    {
        var errors = new List<string>();
        var min = spec.MinReplicas!.Value;
        if (min < minReplicasLowerBound)
        {
            errors.Add($"spec.minReplicas: Invalid value: {min}: must be greater than or equal to {minReplicasLowerBound}");
        }
        if (spec.MaxReplicas < 1)
        {
            errors.Add($"spec.maxReplicas: Invalid value: {spec.MaxReplicas}: must be greater than 0");
        }
        if (spec.MaxReplicas < min)
        {
            errors.Add($"spec.maxReplicas: Invalid value: {spec.MaxReplicas}: must be greater than or equal to `minReplicas`");
        }
        MetricSpecValidation.Reference(spec.ScaleTargetRef?.Kind, spec.ScaleTargetRef?.Name, "spec.scaleTargetRef", errors);
        MetricSpecValidation.Metrics(spec.Metrics, min, errors);
        if (spec.Behavior is { } behavior)
        {
            Behavior(behavior, "spec.behavior", errors);
        }
        return errors;
    }

    // validateBehavior, after the defaults; path names where the behavior sits in the object being read.
    public static void Behavior(V2HorizontalPodAutoscalerBehavior behavior, string path, List<string> errors)
    {
        Rules(behavior.ScaleUp, $"{path}.scaleUp", errors);
        Rules(behavior.ScaleDown, $"{path}.scaleDown", errors);
    }

    // validateScalingRules and validateScalingPolicy; a negative tolerance is refused as KEP-4951 specifies.
    private static void Rules(V2HPAScalingRules rules, string path, List<string> errors)
    {
        if (rules.StabilizationWindowSeconds is < 0)
        {
            errors.Add($"{path}.stabilizationWindowSeconds: Invalid value: {rules.StabilizationWindowSeconds}: must be greater than or equal to zero");
        }
        if (rules.StabilizationWindowSeconds is > MaxStabilizationWindowSeconds)
        {
            errors.Add($"{path}.stabilizationWindowSeconds: Invalid value: {rules.StabilizationWindowSeconds}: must be less than or equal to {MaxStabilizationWindowSeconds}");
        }
        if (!SelectPolicies.Contains(rules.SelectPolicy))
        {
            errors.Add($"{path}.selectPolicy: Unsupported value: \"{rules.SelectPolicy}\": supported values: \"Disabled\", \"Max\", \"Min\"");
        }
        if (rules.Tolerance is { } tolerance && tolerance.ToDecimal() < 0)
        {
            errors.Add($"{path}.tolerance: Invalid value: \"{tolerance}\": must be greater than or equal to zero");
        }
        if (rules.Policies.Count == 0)
        {
            errors.Add($"{path}.policies: Required value: must specify at least one Policy");
        }
        for (var i = 0; i < rules.Policies.Count; i++)
        {
            var policy = rules.Policies[i];
            var policyPath = $"{path}.policies[{i}]";
            if (!PolicyTypes.Contains(policy.Type))
            {
                errors.Add($"{policyPath}.type: Unsupported value: \"{policy.Type}\": supported values: \"Percent\", \"Pods\"");
            }
            if (policy.Value <= 0)
            {
                errors.Add($"{policyPath}.value: Invalid value: {policy.Value}: must be greater than zero");
            }
            if (policy.PeriodSeconds <= 0)
            {
                errors.Add($"{policyPath}.periodSeconds: Invalid value: {policy.PeriodSeconds}: must be greater than zero");
            }
            if (policy.PeriodSeconds > MaxPeriodSeconds)
            {
                errors.Add($"{policyPath}.periodSeconds: Invalid value: {policy.PeriodSeconds}: must be less than or equal to {MaxPeriodSeconds}");
            }
        }
    }
}
