using MathNet.Numerics.Distributions;

namespace Headroom.Fleet;

/// <summary>
/// A new replica's time from creation to ready, lognormal, given by its median and 90th percentile:
/// μ = ln p50, σ = (ln p90 − ln p50) / z₀.₉, with z₀.₉ = 1.2816.
/// </summary>
/// <param name="P50Seconds">Median cold start.</param>
/// <param name="P90Seconds">90th percentile; at least the median.</param>
public sealed record ColdStartDistribution(double P50Seconds, double P90Seconds)
{
    private const double Z90 = 1.2815515655446004;

    // Only the total is drawn; the cold-start model still reads phases, so it is split at fixed shares.
    private const double ScheduledShare = 0.05;
    private const double InitializedShare = 0.4;

    /// <summary>σ of the underlying normal.</summary>
    public double Sigma => (Math.Log(P90Seconds) - Math.Log(P50Seconds)) / Z90;

    /// <summary>
    /// The <paramref name="p"/>-quantile of a replica of <paramref name="pods"/> pods, each starting independently: the
    /// group is ready with its slowest pod, which is under x with probability F(x)ⁿ, so it is a pod's p^(1/n) quantile.
    /// </summary>
    public double Quantile(double p, int pods = 1) =>
        Math.Exp(Math.Log(P50Seconds) + Normal.InvCDF(0, 1, Math.Pow(p, 1.0 / Math.Max(1, pods))) * Sigma);

    /// <summary>Draws one cold start, in seconds.</summary>
    public double Draw(Random random) => LogNormal.Sample(random, Math.Log(P50Seconds), Sigma);

    /// <summary>Draws the start-up of a replica created at <paramref name="created"/>.</summary>
    public ReplicaStartup DrawStartup(double created, Random random)
    {
        var ready = created + Draw(random);
        var cold = ready - created;
        return new ReplicaStartup(created, created + ScheduledShare * cold, created + InitializedShare * cold, ready);
    }
}
