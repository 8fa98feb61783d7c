namespace Headroom.Signals.Pipeline;

/// <summary>A workload's demand history in a <see cref="WorkloadCheckpoint"/>: one value per forecast step, null for a gap.</summary>
/// <param name="FirstStep">Start of the first step.</param>
/// <param name="StepSeconds">The forecast step it was kept at; restored only at the same step.</param>
/// <param name="Values">Generated tokens per second asked, oldest first.</param>
public sealed record DemandSeries(DateTimeOffset FirstStep, double StepSeconds, IReadOnlyList<float?> Values)
{
    /// <summary>Why the series cannot be restored, or null.</summary>
    public string? Problem() =>
        !double.IsFinite(StepSeconds) || StepSeconds <= 0 ? $"step {StepSeconds}s is not a positive number"
        : Values is null ? "no values"
        : Values.Any(v => v is { } x && (!float.IsFinite(x) || x < 0)) ? "a value is negative or not a number"
        : null;
}
