using Headroom.Fleet;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

public sealed class RequestStatsTests
{
    [Fact]
    public void A_prompt_too_long_to_meet_the_objective_uncached_is_not_counted_within_it_when_its_cache_made_it_meet_it()
    {
        IRequestSink stats = new RequestStats(sloTtftSeconds: 2, attainablePrompt: 50_000);
        stats.Completed(0, 0, 1, 2, promptTokens: 60_000, outputTokens: 2);
        stats.Completed(0, 0, 1, 2, promptTokens: 40_000, outputTokens: 2);
        stats.Completed(0, 0, 3, 4, promptTokens: 40_000, outputTokens: 2);
        Assert.Equal(1, ((RequestStats)stats).WithinSlo);
        Assert.Equal(3, ((RequestStats)stats).CompletedCount);
    }

    [Fact]
    public void Requests_within_the_objective_after_the_first_cold_start_are_those_that_arrived_from_it_on()
    {
        var stats = new RequestStats(sloTtftSeconds: 2, attainablePrompt: 50_000, firstColdStart: 90);
        stats.Completed(10, 10, 11, 12, promptTokens: 1_000, outputTokens: 2);
        stats.Completed(90, 90, 91, 92, promptTokens: 1_000, outputTokens: 2);
        stats.Completed(100, 100, 103, 104, promptTokens: 1_000, outputTokens: 2);
        stats.Completed(120, 120, 121, 122, promptTokens: 60_000, outputTokens: 2);
        Assert.Equal(2, stats.WithinSlo);
        Assert.Equal(1, stats.WithinSloAfterFirstColdStart);
    }

    [Fact]
    public void A_window_counts_the_attainable_requests_that_missed_late_or_dropped_and_starts_again()
    {
        var stats = new RequestStats(sloTtftSeconds: 2, attainablePrompt: 50_000);
        IRequestSink sink = stats;
        sink.Completed(0, 0, 1, 2, promptTokens: 1_000, outputTokens: 2);
        sink.Completed(0, 0, 3, 4, promptTokens: 1_000, outputTokens: 2);
        sink.Completed(0, 0, 3, 4, promptTokens: 60_000, outputTokens: 2);
        sink.Dropped(0, 61, promptTokens: 1_000);
        sink.Dropped(0, 61, promptTokens: 60_000);
        var window = stats.TakeWindow();
        Assert.Equal(2, window.Missed);
        Assert.Equal(3, window.Completed);
        Assert.Equal(2, window.Dropped);
        Assert.Equal(0, stats.TakeWindow().Missed);
    }
}
