namespace Headroom.Signals.Sources.Demo;

/// <summary>Random episodes in which a workload's request rate multiplies; all times are real (uncompressed).</summary>
/// <param name="MeanInterval">Mean quiet time between the end of one burst and the start of the next (exponential).</param>
/// <param name="MinFactor">Smallest rate multiplier of a burst.</param>
/// <param name="MaxFactor">Largest rate multiplier of a burst.</param>
/// <param name="MinDuration">Shortest burst.</param>
/// <param name="MaxDuration">Longest burst.</param>
public sealed record DemoBursts(
    TimeSpan MeanInterval,
    double MinFactor,
    double MaxFactor,
    TimeSpan MinDuration,
    TimeSpan MaxDuration)
{
    internal void Validate(string workload)
    {
        if (MeanInterval <= TimeSpan.Zero || !(MinFactor > 0) || !(MinFactor <= MaxFactor)
            || MinDuration <= TimeSpan.Zero || MinDuration > MaxDuration)
        {
            throw new ArgumentException($"Bursts of demo workload '{workload}' are inconsistent: {this}.");
        }
    }
}
