using FsCheck.Xunit;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>Which engine readings the guard refuses, and how it names the problem.</summary>
public sealed class ReadingGuardTests
{
    private static readonly EngineReading Good = new(100, 2_000, 1, 4, 0.3, null, RequestsFinishedTotal: 12);

    [Fact]
    public void A_reading_with_every_value_usable_has_no_problem() => Assert.Null(ReadingGuard.Problem(Good));

    [Theory]
    [InlineData(-1.0, "finished requests counter")]
    [InlineData(double.NaN, "finished requests counter")]
    [InlineData(double.PositiveInfinity, "finished requests counter")]
    public void A_finished_requests_counter_no_engine_could_report_is_refused(double value, string named) =>
        Assert.Contains(named, ReadingGuard.Problem(Good with { RequestsFinishedTotal = value }));

    [Fact]
    public void A_negative_finished_requests_rate_is_refused() =>
        Assert.Contains("finished requests per second", ReadingGuard.Problem(Good with { RequestsFinishedPerSecond = -0.5 }));

    [Fact]
    public void Prefix_cache_counters_with_hits_within_queries_have_no_problem() =>
        Assert.Null(ReadingGuard.Problem(Good with { PrefixCacheQueriesTotal = 9_000, PrefixCacheHitsTotal = 9_000 }));

    [Fact]
    public void A_prefix_cache_with_more_hits_than_queries_is_refused() =>
        Assert.Contains("prefix cache hits counter (9001) is above its queries counter (9000)",
            ReadingGuard.Problem(Good with { PrefixCacheQueriesTotal = 9_000, PrefixCacheHitsTotal = 9_001 }));

    [Theory]
    [InlineData(-1.0, 0.0, "prefix cache queries counter is negative")]
    [InlineData(0.0, -1.0, "prefix cache hits counter is negative")]
    [InlineData(double.NaN, 0.0, "prefix cache queries counter is not a number")]
    public void Prefix_cache_counters_no_engine_could_report_are_refused(double queries, double hits, string named) =>
        Assert.Contains(named, ReadingGuard.Problem(Good with { PrefixCacheQueriesTotal = queries, PrefixCacheHitsTotal = hits }));

    [Theory]
    [InlineData(1.5, "prefix cache hit ratio is 1.5, above 1")]
    [InlineData(-0.1, "prefix cache hit ratio is negative")]
    [InlineData(61.0, "prefix cache hit ratio is 61, above 1")]
    public void A_prefix_cache_hit_ratio_outside_zero_to_one_is_refused(double ratio, string named) =>
        Assert.Contains(named, ReadingGuard.Problem(Good with { PrefixCacheHitRatio = ratio }));

    // Values on both sides of every bound, and missing.
    private static readonly double?[] Edges = [null, 0, 0.5, 1, 1 + 1e-7, 1 + 1e-5, 2, 1e12, -0.0, -1e-9, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    [Property(MaxTest = 2000)]
    public bool A_reading_has_a_problem_exactly_when_one_of_its_values_is_unusable(byte[] picks)
    {
        double? V(int i) => Edges[(i < picks.Length ? picks[i] : 0) % Edges.Length];
        var reading = new EngineReading(V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10), V(11), V(12));
        static bool Count(double? v) => v is null || (v >= 0 && !double.IsPositiveInfinity(v.Value));
        static bool Ratio(double? v) => v is null || (v >= 0 && v <= 1 + 1e-6);
        var usable = Count(reading.GenerationTokensTotal) && Count(reading.PromptTokensTotal) && Count(reading.RequestsWaiting)
            && Count(reading.RequestsRunning) && Ratio(reading.KvCacheUsage) && Ratio(reading.GpuDutyCycle)
            && Count(reading.GenerationTokensPerSecond) && Count(reading.PromptTokensPerSecond) && Count(reading.RequestsFinishedTotal)
            && Count(reading.RequestsFinishedPerSecond) && Count(reading.PrefixCacheQueriesTotal) && Count(reading.PrefixCacheHitsTotal)
            && !(reading.PrefixCacheHitsTotal > reading.PrefixCacheQueriesTotal) && Ratio(reading.PrefixCacheHitRatio);
        return (ReadingGuard.Problem(reading) is null) == usable;
    }
}
