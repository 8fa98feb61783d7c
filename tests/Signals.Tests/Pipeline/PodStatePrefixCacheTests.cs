using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>A pod's prefix-cache hit ratio from its two counters, interval by interval and smoothed like its rates.</summary>
public sealed class PodStatePrefixCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static EngineReading Counters(double queries, double hits) =>
        new(0, queries, 0, 0, null, null, PrefixCacheQueriesTotal: queries, PrefixCacheHitsTotal: hits);

    private static PodState Read(TimeSpan smoothing, params EngineReading[] readings)
    {
        var state = new PodState(new SmoothingWeight(smoothing));
        for (var i = 0; i < readings.Length; i++) state.Update(readings[i], Start.AddSeconds(2 * i));
        return state;
    }

    [Fact]
    public void The_ratio_over_an_interval_is_hits_gained_over_queries_gained()
    {
        var state = Read(TimeSpan.Zero, Counters(10_000, 9_000), Counters(14_000, 10_000));

        Assert.Equal(0.25, state.PrefixCacheHitRatio!.Value, 12);
    }

    [Fact]
    public void The_first_reading_has_no_ratio()
    {
        var state = Read(TimeSpan.Zero, Counters(10_000, 9_000));

        Assert.Null(state.PrefixCacheHitRatio);
    }

    [Fact]
    public void An_interval_with_no_queries_keeps_the_smoothed_ratio_rather_than_reading_zero()
    {
        var state = Read(TimeSpan.FromSeconds(10), Counters(0, 0), Counters(1_000, 600), Counters(1_000, 600));

        Assert.Equal(0.6, state.PrefixCacheHitRatio!.Value, 12);
    }

    [Fact]
    public void A_pod_that_has_never_been_asked_has_no_ratio()
    {
        var state = Read(TimeSpan.FromSeconds(10), Counters(0, 0), Counters(0, 0), Counters(0, 0));

        Assert.Null(state.PrefixCacheHitRatio);
    }

    [Fact]
    public void Counters_reset_by_a_restart_count_from_zero()
    {
        var state = Read(TimeSpan.Zero, Counters(50_000, 20_000), Counters(4_000, 1_000));

        Assert.Equal(0.25, state.PrefixCacheHitRatio!.Value, 12);
    }

    [Fact]
    public void Hits_gained_beyond_queries_gained_give_no_ratio()
    {
        // Only the hits counter went down: read as reset, it gained 9,000 while queries gained 1,000.
        var state = Read(TimeSpan.Zero, Counters(50_000, 20_000), Counters(51_000, 9_000));

        Assert.Null(state.PrefixCacheHitRatio);
    }

    [Fact]
    public void Smoothing_weighs_intervals_by_what_they_asked()
    {
        // 1,000 asked at 0.2, then 3,000 asked at 0.6: the ratio of smoothed increases lies between, nearer the busier.
        var state = Read(TimeSpan.FromSeconds(10), Counters(0, 0), Counters(1_000, 200), Counters(4_000, 2_000));

        Assert.InRange(state.PrefixCacheHitRatio!.Value, 0.2, 0.6);
        var w = 1 - Math.Exp(-0.2);
        Assert.Equal((100 + w * (900 - 100)) / (500 + w * (1_500 - 500)), state.PrefixCacheHitRatio.Value, 12);
    }

    [Fact]
    public void A_ratio_the_source_computed_is_taken_as_it_is()
    {
        var state = Read(TimeSpan.FromSeconds(10), new EngineReading(null, null, 0, 0, null, null, PrefixCacheHitRatio: 0.7));

        Assert.Equal(0.7, state.PrefixCacheHitRatio!.Value, 12);
    }

    [Fact]
    public void Without_the_counters_there_is_no_ratio()
    {
        var state = Read(TimeSpan.Zero, new EngineReading(0, 0, 0, 0, null, null), new EngineReading(10, 100, 0, 0, null, null));

        Assert.Null(state.PrefixCacheHitRatio);
    }
}
