namespace Headroom.Fleet.Tests;

public sealed class ColdStartDistributionTests
{
    [Fact]
    public void Cold_starts_follow_the_lognormal_p50_and_p90()
    {
        var distribution = new ColdStartDistribution(90, 180);
        var random = new Random(7);
        var draws = Enumerable.Range(0, 20_000).Select(_ => distribution.Draw(random)).Order().ToArray();
        Assert.InRange(draws[10_000], 90 * 0.97, 90 * 1.03);
        Assert.InRange(draws[18_000], 180 * 0.96, 180 * 1.04);
    }

    [Fact]
    public void A_startup_splits_the_drawn_total_into_the_phases_the_cold_start_model_reads()
    {
        var startup = new ColdStartDistribution(90, 180).DrawStartup(100, new Random(3));
        var total = startup.Ready - startup.Created;
        Assert.Equal(100, startup.Created);
        Assert.Equal(0.05 * total, startup.Scheduled - startup.Created, 9);
        Assert.Equal(0.4 * total, startup.Initialized - startup.Created, 9);
    }
}
