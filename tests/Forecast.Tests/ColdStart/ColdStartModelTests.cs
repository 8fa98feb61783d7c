using Headroom.Forecast.ColdStart;

namespace Headroom.Forecast.Tests.ColdStart;

public class ColdStartModelTests
{
    private static readonly TimeSpan Prior = TimeSpan.FromSeconds(180);

    private static ColdStartSample Phases(double scheduling, double pullAndInit, double modelLoad) =>
        new(TimeSpan.FromSeconds(scheduling), TimeSpan.FromSeconds(pullAndInit), TimeSpan.FromSeconds(modelLoad));

    // Totals 10, 20, ..., 100 seconds, fed out of order, each split unevenly over the phases.
    private static ColdStartModel TenPods(int minSamples = 5)
    {
        var model = new ColdStartModel(Prior, minSamples);
        foreach (var total in new[] { 70, 10, 100, 40, 20, 90, 30, 60, 50, 80 })
            model.Observe($"pod-{total}", Phases(total * 0.1, total * 0.3, total * 0.6));
        return model;
    }

    [Fact]
    public void Answers_the_prior_until_min_samples_pods_have_been_seen()
    {
        var model = new ColdStartModel(Prior, minSamples: 3);
        model.Observe("a", Phases(1, 2, 3));
        model.Observe("b", Phases(2, 4, 6));

        Assert.True(model.UsingPrior);
        Assert.Equal(Prior, model.Quantile(0.9));
        Assert.Equal(Prior, model.Quantile(0.1));

        model.Observe("c", Phases(3, 6, 9));

        Assert.False(model.UsingPrior);
        Assert.Equal(3, model.Count);
        Assert.Equal(TimeSpan.FromSeconds(12), model.Quantile(0.5));
    }

    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(0.5, 55.0)]
    [InlineData(1.0, 100.0)]
    // h = (10 + 1/3) * 0.9 + 1/3 = 9.6333..., so 90 + 0.6333... * (100 - 90).
    [InlineData(0.9, 96.333333333333)]
    // h = (10 + 1/3) * 0.25 + 1/3 = 2.9166..., so 20 + 0.9166... * (30 - 20).
    [InlineData(0.25, 29.166666666667)]
    public void Quantiles_are_the_r8_quantiles_of_the_totals(double q, double expectedSeconds)
    {
        var model = TenPods();

        Assert.Equal(expectedSeconds, model.Quantile(q).TotalSeconds, 6);
        Assert.Equal(R8Quantile.Of(Enumerable.Range(1, 10).Select(i => i * 10.0), q), expectedSeconds, 6);
    }

    [Fact]
    public void Quantiles_match_r8_on_an_irregular_sample()
    {
        double[] totals = [183, 41, 97, 260, 75, 120, 64, 310, 88, 142, 55];
        var model = new ColdStartModel(Prior, minSamples: 5);
        for (var i = 0; i < totals.Length; i++) model.Observe($"pod-{i}", Phases(1, 2, totals[i] - 3));

        foreach (var q in new[] { 0.05, 0.1, 0.33, 0.5, 0.75, 0.9, 0.95, 0.99 })
            Assert.Equal(R8Quantile.Of(totals, q), model.Quantile(q).TotalSeconds, 6);
    }

    [Fact]
    public void A_pod_already_recorded_is_ignored()
    {
        var model = new ColdStartModel(Prior, minSamples: 1);
        model.Observe("a", Phases(1, 2, 7));

        model.Observe("a", Phases(100, 200, 700));

        Assert.Equal(1, model.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), model.Quantile(1.0));
    }

    [Fact]
    public void Capacity_keeps_the_most_recent_pods()
    {
        var model = new ColdStartModel(Prior, minSamples: 1, capacity: 3);
        model.Observe("a", Phases(0, 0, 10));
        model.Observe("b", Phases(0, 0, 20));
        model.Observe("c", Phases(0, 0, 30));
        model.Observe("d", Phases(0, 0, 40));

        Assert.Equal(3, model.Count);
        Assert.Equal(TimeSpan.FromSeconds(20), model.Quantile(0.0));
        Assert.Equal(TimeSpan.FromSeconds(40), model.Quantile(1.0));
    }

    [Theory]
    [InlineData(-1, 2, 3)]
    [InlineData(1, -2, 3)]
    [InlineData(1, 2, -3)]
    public void Negative_phases_are_rejected_and_not_recorded(double scheduling, double pullAndInit, double modelLoad)
    {
        var model = new ColdStartModel(Prior, minSamples: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Observe("a", Phases(scheduling, pullAndInit, modelLoad)));
        Assert.Equal(0, model.Count);
        Assert.True(model.UsingPrior);
    }

    [Fact]
    public void Zero_length_phases_are_accepted()
    {
        var model = new ColdStartModel(Prior, minSamples: 1);

        model.Observe("a", Phases(0, 0, 0));

        Assert.Equal(TimeSpan.Zero, model.Quantile(0.9));
    }

    [Fact]
    public void Phase_quantile_is_null_under_the_prior_and_then_the_quantile_of_that_phase()
    {
        var model = new ColdStartModel(Prior, minSamples: 3);
        model.Observe("a", Phases(1, 10, 100));
        model.Observe("b", Phases(2, 20, 300));

        Assert.Null(model.PhaseQuantile(s => s.ModelLoad, 0.5));

        model.Observe("c", Phases(3, 30, 200));

        Assert.Equal(TimeSpan.FromSeconds(200), model.PhaseQuantile(s => s.ModelLoad, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(2), model.PhaseQuantile(s => s.Scheduling, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), model.PhaseQuantile(s => s.ImagePullAndInit, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(300), model.PhaseQuantile(s => s.ModelLoad, 1.0));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void Quantile_outside_zero_to_one_is_rejected_once_empirical(double q)
    {
        var model = TenPods();

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Quantile(q));
    }

    [Fact]
    public void Constructor_rejects_min_samples_below_one_and_capacity_below_min_samples()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColdStartModel(Prior, minSamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColdStartModel(Prior, minSamples: 5, capacity: 4));
    }

    [Fact]
    public void Sample_total_is_the_sum_of_its_phases()
    {
        Assert.Equal(TimeSpan.FromSeconds(6), Phases(1, 2, 3).Total);
    }
}
