using Headroom.Forecast.Smoothing;

namespace Headroom.Forecast.Tests.Smoothing;

public class DampedHoltTests
{
    [Fact]
    public void Forecast_throws_before_any_sample()
    {
        var holt = new DampedHolt(0.3, 0.1, 0.98);

        Assert.False(holt.HasValue);
        Assert.Throws<InvalidOperationException>(() => holt.Forecast(1));
    }

    [Fact]
    public void First_sample_is_the_level_with_no_trend()
    {
        var holt = new DampedHolt(0.3, 0.1, 0.98);

        holt.Observe(57);

        Assert.True(holt.HasValue);
        Assert.Equal(57, holt.Forecast(0));
        Assert.Equal(57, holt.Forecast(25));
    }

    [Fact]
    public void Undamped_extrapolates_a_linear_series()
    {
        var holt = new DampedHolt(0.3, 0.1, 1.0);
        for (var t = 0; t < 200; t++) holt.Observe(10 + 3 * t);

        // The last sample is at t = 199; ten steps ahead is t = 209.
        var expected = 10 + 3 * 209.0;
        Assert.InRange(holt.Forecast(10), expected * 0.99, expected * 1.01);
        Assert.Equal(10 + 3 * 199.0, holt.Forecast(0), 3);
    }

    [Fact]
    public void Updates_level_and_trend_as_hand_computed()
    {
        var holt = new DampedHolt(alpha: 0.5, beta: 0.5, phi: 0.5);

        holt.Observe(0);
        holt.Observe(10);
        // level = 0.5*10 + 0.5*(0 + 0.5*0) = 5; trend = 0.5*(5 - 0) + 0.5*0.5*0 = 2.5
        // forecast(2) = 5 + (0.5 + 0.25) * 2.5 = 6.875
        Assert.Equal(5, holt.Forecast(0), 12);
        Assert.Equal(6.875, holt.Forecast(2), 12);

        holt.Observe(20);
        // level = 0.5*20 + 0.5*(5 + 0.5*2.5) = 13.125; trend = 0.5*(13.125 - 5) + 0.5*0.5*2.5 = 4.6875
        // forecast(1) = 13.125 + 0.5 * 4.6875 = 15.46875
        Assert.Equal(13.125, holt.Forecast(0), 12);
        Assert.Equal(15.46875, holt.Forecast(1), 12);
    }

    [Fact]
    public void Damped_trend_falls_short_of_the_undamped_line_and_is_bounded()
    {
        const double phi = 0.9;
        var damped = new DampedHolt(0.3, 0.1, phi);
        var undamped = new DampedHolt(0.3, 0.1, 1.0);
        for (var t = 0; t < 200; t++)
        {
            damped.Observe(10 + 3 * t);
            undamped.Observe(10 + 3 * t);
        }

        var level = damped.Forecast(0);
        var trend = (damped.Forecast(1) - level) / phi;
        var bound = level + trend * phi / (1 - phi);

        Assert.True(trend > 0);
        Assert.True(damped.Forecast(10) < undamped.Forecast(10));
        Assert.True(damped.Forecast(10) < damped.Forecast(20));
        Assert.True(damped.Forecast(1_000) <= bound);
        Assert.Equal(bound, damped.Forecast(1_000), 6);
    }

    [Fact]
    public void Fractional_steps_follow_the_damped_sum()
    {
        const double phi = 0.8;
        var holt = new DampedHolt(0.5, 0.5, phi);
        holt.Observe(0);
        holt.Observe(10);
        var level = holt.Forecast(0);
        var trend = (holt.Forecast(1) - level) / phi;

        var expected = level + phi * (1 - Math.Pow(phi, 2.5)) / (1 - phi) * trend;

        Assert.Equal(expected, holt.Forecast(2.5), 12);
        Assert.True(holt.Forecast(2) < holt.Forecast(2.5) && holt.Forecast(2.5) < holt.Forecast(3));
    }
}
