using Headroom.Forecast.Smoothing;
using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>How the demand meter tells the noise of independent prompt arrivals from a change in demand.</summary>
public sealed class DemandMeterNoiseTests
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Smoothing = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(4);
    private const double KvTokensPerReplica = 400_000;
    private const double PromptTokens = 10_000;

    // Prompts of exponentially spread sizes, 10,000 tokens on average, arriving one by one at `perSecond` (Poisson)
    // and served in the cycle they arrive: the prompt tokens per second of each 2-s cycle, with 10 requests running
    // that hold the mean prompt in KV.
    private static DemandReading Arrivals(Random random, double perSecond)
    {
        double tokens = 0;
        for (var count = Poisson(random, perSecond * Cycle.TotalSeconds); count > 0; count--) tokens -= PromptTokens * Math.Log(1 - random.NextDouble());
        return new DemandReading(tokens / Cycle.TotalSeconds, 100, 0, Running: 10, KvCacheShares: 10 * PromptTokens / KvTokensPerReplica);
    }

    // 45,000 prompt tokens/s of 10,000-token prompts, 10 of them running.
    private static readonly DemandReading Busy = new(45_000, 100, 0, Running: 10, KvCacheShares: 10 * PromptTokens / KvTokensPerReplica);

    // A meter that has read two minutes of Busy: a level to judge noise around, and the prompt size measured.
    private static DemandMeter AfterTwoSteadyMinutes()
    {
        var meter = new DemandMeter(Smoothing, tokensPerRequest: 256, KvTokensPerReplica);
        for (var cycle = 0; cycle < 60; cycle++) meter.Update(Busy, Cycle, Lead);
        return meter;
    }

    private static int Poisson(Random random, double mean)
    {
        var (count, product, limit) = (0, random.NextDouble(), Math.Exp(-mean));
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }

    [Fact]
    public void Steady_poisson_arrivals_read_as_their_level_where_their_ten_second_average_strays_a_third_above_it()
    {
        var meter = new DemandMeter(Smoothing, tokensPerRequest: 256, KvTokensPerReplica);
        var raw = new Ewma(Smoothing);
        var random = new Random(7);
        double highest = 0, rawHighest = 0;
        // 4.5 prompts a second: 45,000 tokens/s, whose 10-s average has a standard error of √(45,000 × 20,000 / 20)
        // (E[X²]/E[X] = 20,000 for these sizes), 6,700 tokens/s or 15%. Ten minutes of it.
        for (var cycle = 0; cycle < 300; cycle++)
        {
            var reading = Arrivals(random, 4.5);
            var now = meter.Update(reading, Cycle, Lead).PromptTokensPerSecond;
            var smoothed = raw.Update(reading.PromptTokensPerSecond, Cycle);
            if (cycle < 60) continue; // a minute to know the level
            highest = Math.Max(highest, now);
            rawHighest = Math.Max(rawHighest, smoothed);
        }

        Assert.True(rawHighest > 1.3 * 45_000, $"the 10-s average reached only {rawHighest:F0}");
        Assert.True(highest < 1.15 * 45_000, $"demand read {highest:F0} at its highest");
    }

    [Fact]
    public void A_step_beyond_the_noise_is_read_within_seconds_less_two_standard_errors()
    {
        var meter = AfterTwoSteadyMinutes();
        // √(45,000 × 10,000 / 10): the standard error the meter judges against, as the decision shows it.
        Assert.Equal(Math.Sqrt(45_000.0 * 10_000 / 10), meter.PromptArrivalNoise, 1e-6);

        // Demand doubles. After 10 s the 10-s average is 45,000 + 63% of 45,000 and the minute's level 45,000 + 15%
        // of it: the ~21,000 between them less two standard errors (~14,000 at 52,000 tokens/s) puts the reading
        // ~7,000 above the level, at ~59,000.
        Demand now = default;
        for (var cycle = 0; cycle < 5; cycle++) now = meter.Update(Busy with { PromptTokensPerSecond = 90_000 }, Cycle, Lead);
        Assert.InRange(now.PromptTokensPerSecond, 55_000, 65_000);

        // Held there, the level follows and the reading reaches the new demand.
        for (var cycle = 0; cycle < 150; cycle++) now = meter.Update(Busy with { PromptTokensPerSecond = 90_000 }, Cycle, Lead);
        Assert.InRange(now.PromptTokensPerSecond, 89_000, 90_000);
    }

    [Fact]
    public void Before_a_prompt_size_is_measured_the_ten_second_average_is_read_as_it_is()
    {
        // No KV gauge and no finished requests counted: the prompt size is the configured guess, which says nothing of
        // the noise, so the reading is not judged against it.
        var meter = new DemandMeter(Smoothing, tokensPerRequest: 256, KvTokensPerReplica, kvCacheRead: false);
        var raw = new Ewma(Smoothing);
        var random = new Random(7);
        for (var cycle = 0; cycle < 300; cycle++)
        {
            var reading = Arrivals(random, 4.5) with { Running = 0, KvCacheShares = 0 };
            var now = meter.Update(reading, Cycle, Lead).PromptTokensPerSecond;
            Assert.Equal(raw.Update(reading.PromptTokensPerSecond, Cycle), now, 1e-6);
            Assert.Equal(0, meter.PromptArrivalNoise);
        }
    }

    [Fact]
    public void A_lead_time_without_prompts_reads_as_none_whatever_the_level_remembers()
    {
        var meter = AfterTwoSteadyMinutes();

        Demand now = default;
        for (var cycle = 0; cycle < Lead / Cycle; cycle++) now = meter.Update(Busy with { PromptTokensPerSecond = 0, Running = 0, KvCacheShares = 0 }, Cycle, Lead);

        Assert.True(now.PromptTokensPerSecond < 1, $"{now.PromptTokensPerSecond} tokens/s after a lead time of silence");
        Assert.Equal(0, meter.PromptArrivalNoise);
    }
}
