namespace Headroom.Sim.Hpa;

// Tolerances of replica_calculator.go: a usage ratio in [1 - scaleDown, 1 + scaleUp] changes nothing.
internal readonly record struct Tolerances(double ScaleDown, double ScaleUp)
{
    // Tolerances.isWithin; the same float64 expressions, so the same boundary cases.
    public bool IsWithin(double usageRatio) => (1.0 - ScaleDown) <= usageRatio && usageRatio <= (1.0 + ScaleUp);

    // HorizontalController.tolerancesForHpa: the controller's tolerance, overridden per direction by the
    // HPA's behavior when HPAConfigurableTolerance is on.
    public static Tolerances For(HpaSpec spec, HpaControllerOptions options)
    {
        var down = options.Tolerance;
        var up = options.Tolerance;
        if (spec.Behavior is { } behavior && options.ConfigurableTolerance)
        {
            down = behavior.ScaleDown.Tolerance ?? down;
            up = behavior.ScaleUp.Tolerance ?? up;
        }
        return new Tolerances(down, up);
    }
}
