using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>How the demand meter takes the prompt tokens of one request from what the engines report.</summary>
public sealed class DemandMeterTests
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(15);

    [Fact]
    public void Without_a_kv_gauge_a_request_carries_the_prompt_tokens_counted_per_request_finished()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000, kvCacheRead: false);

        // Prompts are prefilled as they come and counted as requests once they finish, so single cycles disagree:
        // 3 requests of 2,000 tokens a second, finishing in bunches, for half an hour (the counts are averaged over minutes).
        for (var i = 0; i < 120; i++)
        {
            var finished = i % 2 == 0 ? 1.0 : 5.0;
            meter.Update(new DemandReading(6_000, 600, Waiting: 0, Running: 12, KvCacheShares: 0, finished, 6_000), Cycle);
        }

        Assert.InRange(meter.PromptTokensPerRequest, 1_900, 2_100);
    }

    [Fact]
    public void Idle_cycles_leave_the_counted_prompt_of_a_request_as_it_was()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000, kvCacheRead: false);
        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(9_000, 900, 0, 12, 0, 3, 9_000), Cycle);
        var busy = meter.PromptTokensPerRequest;

        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(0, 0, 0, 0, 0, 0, 0), Cycle);

        Assert.Equal(3_000, busy, 1e-6);
        Assert.Equal(busy, meter.PromptTokensPerRequest, 1e-9);
    }

    [Fact]
    public void With_a_kv_gauge_a_request_carries_the_kv_tokens_of_a_running_request()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000);

        // 10 running requests holding a fifth of one replica's 400,000-token cache: 8,000 tokens each, whatever the counters say.
        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(6_000, 600, 0, Running: 10, KvCacheShares: 0.2, 3, 6_000), Cycle);

        Assert.Equal(8_000, meter.PromptTokensPerRequest, 1e-6);
    }

    [Fact]
    public void Before_anything_is_measured_a_request_carries_the_configured_tokens_at_the_prompt_to_output_ratio()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000, kvCacheRead: false);

        meter.Update(new DemandReading(5_120, 512, 0, 0, 0), Cycle);

        Assert.Equal(2_560, meter.PromptTokensPerRequest, 1e-6);
    }
}
