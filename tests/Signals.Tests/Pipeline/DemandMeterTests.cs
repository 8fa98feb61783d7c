using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>How the demand meter takes the prompt tokens of one request from what the engines report.</summary>
public sealed class DemandMeterTests
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(4);

    [Fact]
    public void Without_a_kv_gauge_a_request_carries_the_prompt_tokens_counted_per_request_finished()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000, kvCacheRead: false);

        // Prompts are prefilled as they come and counted as requests once they finish, so single cycles disagree:
        // 3 requests of 2,000 tokens a second, finishing in bunches, for half an hour (the counts are averaged over minutes).
        for (var i = 0; i < 120; i++)
        {
            var finished = i % 2 == 0 ? 1.0 : 5.0;
            meter.Update(new DemandReading(6_000, 600, Waiting: 0, Running: 12, KvCacheShares: 0, finished, 6_000), Cycle, Lead);
        }

        Assert.InRange(meter.PromptTokensPerRequest, 1_900, 2_100);
    }

    [Fact]
    public void Idle_cycles_leave_the_counted_prompt_of_a_request_as_it_was()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000, kvCacheRead: false);
        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(9_000, 900, 0, 12, 0, 3, 9_000), Cycle, Lead);
        var busy = meter.PromptTokensPerRequest;

        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(0, 0, 0, 0, 0, 0, 0), Cycle, Lead);

        Assert.Equal(3_000, busy, 1e-6);
        Assert.Equal(busy, meter.PromptTokensPerRequest, 1e-9);
    }

    [Fact]
    public void With_a_kv_gauge_a_request_carries_the_kv_tokens_of_a_running_request()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000);

        // 10 running requests holding a fifth of one replica's 400,000-token cache: 8,000 tokens each, whatever the counters say.
        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(6_000, 600, 0, Running: 10, KvCacheShares: 0.2, 3, 6_000), Cycle, Lead);

        Assert.Equal(8_000, meter.PromptTokensPerRequest, 1e-6);
    }

    [Fact]
    public void The_kv_tokens_of_a_request_are_read_at_the_instant_its_requests_running_are()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000);
        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(6_000, 600, 0, Running: 40, KvCacheShares: 0.2, KvCacheSharesNow: 0.2), Cycle, Lead);

        // The batch finishes: one request of 2,000 tokens left, while the smoothed KV use still shows most of the batch.
        meter.Update(new DemandReading(6_000, 600, 0, Running: 1, KvCacheShares: 0.15, KvCacheSharesNow: 0.005), Cycle, Lead);

        Assert.Equal(2_000, meter.PromptTokensPerRequest, 1e-6);
    }

    [Fact]
    public void A_batch_that_rises_and_falls_around_a_level_adds_nothing_to_the_prompts_served()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000);
        Demand demand = default;

        // 4,000 prompt tokens/s served while the batch swings between 10 and 18 requests of 2,500 KV tokens each.
        // Counting only the rises read 10,000 tokens/s more every other cycle: 9,000 asked on average.
        for (var i = 1; i <= 300; i++)
        {
            var running = i % 2 == 0 ? 18 : 10;
            var change = i % 2 == 0 ? 8 : -8;
            demand = meter.Update(new DemandReading(4_000, 400, 0, running, running * 2_500 / 400_000.0, InFlightChange: change), TimeSpan.FromSeconds(2), Lead);
        }

        Assert.InRange(demand.PromptTokensPerSecond, 3_600, 4_400);
    }

    [Fact]
    public void A_backlog_that_drains_asks_for_less_than_is_served_and_never_below_none()
    {
        var meter = new DemandMeter(TimeSpan.Zero, tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000);
        meter.Update(new DemandReading(4_000, 400, 0, 20, 0.125), TimeSpan.FromSeconds(2), Lead);

        // 10 requests of 2,500 tokens fewer in 2 s: 12,500 tokens/s of what was served had been asked before.
        var draining = meter.Update(new DemandReading(20_000, 400, 0, 10, 0.0625, InFlightChange: -10), TimeSpan.FromSeconds(2), Lead);
        var drained = meter.Update(new DemandReading(4_000, 400, 0, 2, 0.0125, InFlightChange: -8), TimeSpan.FromSeconds(2), Lead);

        Assert.Equal(20_000 - 5 * 2_500, draining.PromptTokensPerSecond, 6);
        Assert.Equal(0, drained.PromptTokensPerSecond);
    }

    [Fact]
    public void Before_anything_is_measured_a_request_carries_the_configured_tokens_at_the_prompt_to_output_ratio()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000, kvCacheRead: false);

        meter.Update(new DemandReading(5_120, 512, 0, 0, 0), Cycle, Lead);

        Assert.Equal(2_560, meter.PromptTokensPerRequest, 1e-6);
    }

    [Fact]
    public void A_lull_between_bursts_keeps_what_the_bursts_need_at_their_onset()
    {
        var meter = new DemandMeter(TimeSpan.FromSeconds(10), tokensPerRequest: 256, kvCacheTokensPerReplica: 400_000);
        var capacity = new ReplicaCapacity(25_000, 5_000, 400_000);
        var objective = new ServiceObjective(TimeSpan.FromSeconds(2), 0.99);
        var cycle = TimeSpan.FromSeconds(2);
        Demand lull = default;

        // Bursts of 200,000 prompt tokens/s (8 replicas of prefill) for 30 s, then 2.5 minutes of nothing, for an hour:
        // 33,000 tokens/s on average. 2,000-token requests, 100 of them running in a burst.
        for (var i = 0; i < 1800; i++)
        {
            var burst = i % 90 < 15;
            lull = meter.Update(new DemandReading(burst ? 200_000 : 0, burst ? 2_000 : 0, 0, burst ? 100 : 0, burst ? 0.5 : 0), cycle, Lead);
        }
        var onset = meter.WithOnsets(lull);

        // In the lull, demand now is at most what noise around the last minute's level could hide (two standard errors
        // of 2,000-token prompts at the ~6,000 tokens/s that level has decayed to: ~2,200), sized at the bursts'
        // dispersion as two replicas of prefill, fewer than an onset keeps; at an onset, the work of the last lead time
        // comes at once.
        Assert.InRange(lull.PromptTokensPerSecond, 0, 2_500);
        Assert.InRange(ReplicaSizing.Size(lull, capacity, objective, TimeSpan.FromSeconds(30)).Prefill, 0, 2);
        Assert.InRange(onset.PromptTokensPerSecond, 20_000, 40_000);
        Assert.True(onset.PromptDispersionTokens >= lull.PromptDispersionTokens, $"{onset.PromptDispersionTokens} vs {lull.PromptDispersionTokens}");
        // At the end of the lull the pooled queue of the last lead time's bursts still keeps most of a burst's 8
        // replicas of work (5): the rest is a scale-up within the burst, from replicas already warm.
        Assert.InRange(ReplicaSizing.Size(onset, capacity, objective, TimeSpan.FromSeconds(30)).Prefill, 4, 8);
    }

    [Fact]
    public void Cached_prompt_tokens_scale_the_kv_tokens_of_a_request_to_those_prefilled_and_stop_when_no_pod_reports_them()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 100_000);
        // 4 requests running in a tenth of the cache: 2,500 KV tokens each. 3,000 of every 4,000 prompt tokens cached.
        var cached = new DemandReading(1_000, 500, 0, 4, 0.1, PromptTokensCachedPerSecond: 3_000);
        var unreported = cached with { PromptTokensPerSecond = 4_000, PromptTokensCachedPerSecond = null };
        for (var i = 0; i < 40; i++) meter.Update(cached, Cycle, Lead);

        Assert.Equal(0.75, meter.PrefixCacheHitRatio!.Value, 9);
        Assert.Equal(625, meter.PromptTokensPerRequest, 1e-6);

        // Pods that stop reporting the cache are sized on every prompt token again, the cached share fading over minutes.
        for (var i = 0; i < 120; i++) meter.Update(unreported, Cycle, Lead);
        Assert.InRange(meter.PrefixCacheHitRatio!.Value, 0, 0.01);
        Assert.InRange(meter.PromptTokensPerRequest, 2_475, 2_500);
    }

    [Fact]
    public void A_workload_whose_pods_never_report_a_prefix_cache_has_no_hit_ratio_and_keeps_every_kv_token()
    {
        var meter = new DemandMeter(TimeSpan.FromMinutes(1), tokensPerRequest: 256, kvCacheTokensPerReplica: 100_000);
        for (var i = 0; i < 40; i++) meter.Update(new DemandReading(4_000, 500, 0, 4, 0.1), Cycle, Lead);

        Assert.Null(meter.PrefixCacheHitRatio);
        Assert.Equal(2_500, meter.PromptTokensPerRequest, 1e-6);
    }
}
