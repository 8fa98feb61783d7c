using Headroom.Fleet;

namespace Headroom.Fleet.Tests;

/// <summary>Quantiles of a replica's cold start, alone and as a group of pods ready with its slowest.</summary>
public sealed class ColdStartDistributionTests
{
    private static readonly ColdStartDistribution ColdStart = new(90, 180);

    [Fact]
    public void A_single_pod_has_the_median_and_90th_percentile_it_was_given()
    {
        Assert.Equal(90, ColdStart.Quantile(0.5), 6);
        Assert.Equal(180, ColdStart.Quantile(0.9), 6);
    }

    [Fact]
    public void A_group_is_as_slow_as_its_slowest_pod()
    {
        // Four pods all ready by x with probability F(x)⁴: the group's p90 is where that reaches 0.9.
        var p90 = ColdStart.Quantile(0.9, pods: 4);
        Assert.True(p90 > 180);
        var pod = new MathNet.Numerics.Distributions.LogNormal(Math.Log(90), ColdStart.Sigma);
        Assert.Equal(0.9, Math.Pow(pod.CumulativeDistribution(p90), 4), 9);
    }

    [Fact]
    public void Draws_fall_under_the_90th_percentile_nine_times_in_ten()
    {
        var random = new Random(3);
        var under = Enumerable.Range(0, 20_000).Count(_ => ColdStart.Draw(random) <= ColdStart.Quantile(0.9));
        Assert.InRange(under / 20_000.0, 0.89, 0.91);
    }
}
