namespace Headroom.Sim.Hpa;

/// <summary>kube-controller-manager's HPA settings, defaulted as pkg/controller/podautoscaler/config/v1alpha1/defaults.go defaults them.</summary>
public sealed record HpaControllerOptions
{
    /// <summary>--horizontal-pod-autoscaler-sync-period.</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>--horizontal-pod-autoscaler-tolerance: usage ratios within this of 1 change nothing.</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>--horizontal-pod-autoscaler-downscale-stabilization.</summary>
    public TimeSpan DownscaleStabilizationWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The HPAConfigurableTolerance feature gate: honour behavior.scaleUp/scaleDown.tolerance.</summary>
    public bool ConfigurableTolerance { get; init; } = true;
}
