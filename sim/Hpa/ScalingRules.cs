namespace Headroom.Sim.Hpa;

/// <summary>How a scaling policy limits change: by pods or by percent of the replicas at the period's start.</summary>
public enum ScalingPolicyType
{
    /// <summary>At most this many pods per period.</summary>
    Pods,
    /// <summary>At most this percent of the replicas per period.</summary>
    Percent,
}

/// <summary>Which policy wins when several allow different changes.</summary>
public enum SelectPolicy
{
    /// <summary>The policy that allows the largest change.</summary>
    Max,
    /// <summary>The policy that allows the smallest change.</summary>
    Min,
    /// <summary>No change in this direction.</summary>
    Disabled,
}

/// <summary>One HPAScalingPolicy.</summary>
/// <param name="Type">Pods or Percent.</param>
/// <param name="Value">Pods, or percent.</param>
/// <param name="PeriodSeconds">The window the change is counted over.</param>
public sealed record ScalingPolicy(ScalingPolicyType Type, int Value, int PeriodSeconds);

/// <summary>HPAScalingRules for one direction, after the API server's defaults.</summary>
/// <param name="StabilizationWindowSeconds">The stabilization window; scale-down leaves it unset for the controller's --horizontal-pod-autoscaler-downscale-stabilization.</param>
/// <param name="SelectPolicy">Which policy wins.</param>
/// <param name="Policies">The policies.</param>
/// <param name="Tolerance">This direction's tolerance (HPAConfigurableTolerance); unset uses the controller's.</param>
public sealed record ScalingRules(int? StabilizationWindowSeconds, SelectPolicy SelectPolicy, IReadOnlyList<ScalingPolicy> Policies, double? Tolerance = null)
{
    /// <summary>defaultHPAScaleUpRules of pkg/apis/autoscaling/v2/defaults.go: no stabilization, 4 pods or 100% per 15 s, Max.</summary>
    public static ScalingRules DefaultScaleUp { get; } = new(0, SelectPolicy.Max,
        [new ScalingPolicy(ScalingPolicyType.Pods, 4, 15), new ScalingPolicy(ScalingPolicyType.Percent, 100, 15)]);

    /// <summary>defaultHPAScaleDownRules of pkg/apis/autoscaling/v2/defaults.go: 100% per 15 s, Max, window left to the controller.</summary>
    public static ScalingRules DefaultScaleDown { get; } = new(null, SelectPolicy.Max,
        [new ScalingPolicy(ScalingPolicyType.Percent, 100, 15)]);
}

/// <summary>spec.behavior with both directions filled in, as the API server stores it.</summary>
/// <param name="ScaleUp">Rules for scaling up.</param>
/// <param name="ScaleDown">Rules for scaling down.</param>
public sealed record HpaBehavior(ScalingRules ScaleUp, ScalingRules ScaleDown);
