namespace Headroom.Signals.Sources.Demo;

/// <summary>The few distributions the demo fleet draws from, on a caller-owned seeded stream.</summary>
internal static class RandomSampling
{
    // Beyond this mean, counting products of uniforms gets slow and the normal approximation is close enough.
    private const double PoissonNormalThreshold = 30;

    public static double NextGaussian(this Random random)
    {
        // Box–Muller; 1 - u keeps the logarithm finite.
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    public static double NextExponential(this Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    public static double NextUniform(this Random random, double min, double max) => min + (max - min) * random.NextDouble();

    public static int NextPoisson(this Random random, double mean)
    {
        if (mean > PoissonNormalThreshold)
        {
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * random.NextGaussian()));
        }
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }
}
