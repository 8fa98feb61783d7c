using Sampler = MathNet.Numerics.Distributions.LogNormal;

namespace Headroom.Signals.Sources.Demo;

/// <summary>A log-normal distribution given by its mean and log-space spread, clamped to a range.</summary>
/// <param name="Mean">Arithmetic mean of the unclamped distribution.</param>
/// <param name="Sigma">Standard deviation of the value's logarithm; larger means a longer tail.</param>
/// <param name="Min">Smallest value ever drawn.</param>
/// <param name="Max">Largest value ever drawn.</param>
public sealed record LogNormal(double Mean, double Sigma, double Min, double Max)
{
    internal double Sample(Random random)
    {
        // The log-space location that makes the arithmetic mean equal Mean.
        var mu = Math.Log(Mean) - Sigma * Sigma / 2;
        return Math.Clamp(Sampler.Sample(random, mu, Sigma), Min, Max);
    }

    internal void Validate(string what)
    {
        if (!(Mean > 0) || !(Sigma >= 0) || !(Min >= 0) || !(Min <= Max))
        {
            throw new ArgumentException($"{what} needs Mean > 0, Sigma >= 0 and 0 <= Min <= Max; got {this}.");
        }
    }
}
