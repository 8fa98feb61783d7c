using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>Prompt work over the last lead time, kept exactly so that silence reads as none.</summary>
public sealed class LeadWindowTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(60);

    [Fact]
    public void Mean_and_dispersion_are_those_of_the_cycles_within_the_lead_time()
    {
        var window = new LeadWindow();
        // 10 s cycles: 1,000 tokens/s three times in four, 5,000 once, for a minute and a half.
        double[] rates = [1_000, 1_000, 1_000, 5_000, 1_000, 1_000, 1_000, 5_000, 1_000];
        foreach (var rate in rates) window.Add(rate, 10, Lead);

        // The last six cycles (60 s) are kept: 10,000 tokens in four of them and 50,000 in two.
        var kept = rates[^6..].Select(r => r * 10).ToArray();
        var mean = kept.Average();
        var variance = kept.Select(t => (t - mean) * (t - mean)).Average();
        Assert.Equal((4 * 10_000 + 2 * 50_000) / 6.0, mean, 1e-6);
        Assert.Equal(mean / 10, window.MeanRate, 1e-6);
        Assert.Equal(variance / mean, window.Dispersion, 1e-6);
    }

    [Fact]
    public void A_lead_time_of_silence_reads_as_none_and_a_steady_rate_as_no_dispersion()
    {
        var window = new LeadWindow();
        for (var i = 0; i < 30; i++) window.Add(20_000, 2, Lead);
        Assert.Equal(20_000, window.MeanRate, 1e-6);
        Assert.Equal(0, window.Dispersion, 1e-3);

        for (var i = 0; i < 29; i++) window.Add(0, 2, Lead);
        Assert.True(window.MeanRate > 0, "one busy cycle is still within the lead time");

        window.Add(0, 2, Lead);
        Assert.Equal(0, window.MeanRate, 1e-6);
        Assert.Equal(0, window.Dispersion);
    }
}
