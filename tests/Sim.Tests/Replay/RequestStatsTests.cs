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
}
