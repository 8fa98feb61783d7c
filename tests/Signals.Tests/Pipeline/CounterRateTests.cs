using Headroom.Signals.Pipeline;

namespace Headroom.Signals.Tests.Pipeline;

public class CounterRateTests
{
    [Fact]
    public void Rate_is_the_increase_per_second()
    {
        Assert.Equal(150, CounterRate.Between(1_000, 1_300, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void An_unchanged_counter_has_rate_zero()
    {
        Assert.Equal(0, CounterRate.Between(500, 500, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_counter_that_went_down_was_reset_and_counts_from_zero()
    {
        // Before the reset it read 10 000; now 40: 40 were counted since the restart, over 4 seconds.
        Assert.Equal(10, CounterRate.Between(10_000, 40, TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void A_reset_to_zero_gives_rate_zero_not_a_negative_rate()
    {
        Assert.Equal(0, CounterRate.Between(10_000, 0, TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_non_positive_interval_gives_no_rate(double seconds)
    {
        Assert.Null(CounterRate.Between(100, 200, TimeSpan.FromSeconds(seconds)));
    }
}
