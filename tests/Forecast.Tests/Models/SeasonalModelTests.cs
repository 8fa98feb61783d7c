using Headroom.Forecast.Models;

namespace Headroom.Forecast.Tests.Models;

public sealed class SeasonalModelTests
{
    private static double Gaussian(Random random) =>
        MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);

    [Fact]
    public void Seasonal_change_follows_the_daily_shape_from_todays_level()
    {
        const int day = 48;
        // Yesterday's shape, today 50 higher: a season ago is wrong by 50, the last value misses the rise.
        double Shape(int t) => 100 + 40 * Math.Sin(2 * Math.PI * t / day) + (t >= 7 * day ? 50 : 0);
        var history = Enumerable.Range(0, 7 * day + day / 2).Select(Shape).ToArray();

        var fit = new SeasonalChangeForecaster(day, 7, 1, 6, "seasonal-change-day").Fit(history);

        Assert.Equal(Shape(history.Length + 5), fit.Forecast(6), 3.0);
    }

    [Fact]
    public void Seasonal_change_trusts_no_shape_where_there_is_none()
    {
        var random = new Random(4);
        var history = Enumerable.Range(0, 6 * 48).Select(_ => 200 + 10 * Gaussian(random)).ToArray();

        var seasonal = new SeasonalChangeForecaster(48, 7, 1, 4, "seasonal-change-day").Fit(history).Forecast(4);
        var level = new HorizonEwmaForecaster(4).Fit(history).Forecast(4);

        // The share of the (noise) change it fits is small: the forecast stays near the smoothed level.
        Assert.InRange(seasonal - level, -5, 5);
    }

    [Fact]
    public void The_horizon_fitted_weight_is_light_on_noise_around_a_level_and_full_on_a_random_walk()
    {
        var random = new Random(9);
        var noise = Enumerable.Range(0, 2000).Select(_ => 100 + 5 * Gaussian(random)).ToArray();
        var level = 100.0;
        var walk = Enumerable.Range(0, 2000).Select(_ => level += Gaussian(random)).ToArray();

        Assert.InRange(HorizonEwmaForecaster.FitWeight(noise, 6).Alpha, 0, 0.2);
        Assert.InRange(HorizonEwmaForecaster.FitWeight(walk, 6).Alpha, 0.7, 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Holt_winters_fits_never_worse_than_seasonal_naive_in_sample(int seed)
    {
        var random = new Random(seed);
        const int period = 24;
        var history = Enumerable.Range(0, 6 * period)
            .Select(t => 100 + 30 * Math.Sin(2 * Math.PI * t / period) + 15 * Gaussian(random) + (t > 3 * period ? 40 : 0))
            .ToArray();
        var seasonalNaive = Enumerable.Range(period, history.Length - period).Sum(t => Math.Pow(history[t] - history[t - period], 2));

        var fit = new ExponentialSmoothingForecaster(true, Seasonality.Additive, period).Fit(history, null);

        Assert.True(fit.SumSquaredErrors <= seasonalNaive * 1.001, $"fitted {fit.SumSquaredErrors}, seasonal-naive {seasonalNaive}");
    }

    [Fact]
    public void A_seasonal_change_fit_advanced_past_its_buffer_still_follows_the_shape()
    {
        const int day = 24;
        double Shape(int t) => 50 + 20 * Math.Sin(2 * Math.PI * t / day);
        var method = new SeasonalChangeForecaster(day, 7, 1, 3, "seasonal-change-day");

        var fit = method.Fit(Enumerable.Range(0, 8 * day).Select(Shape).ToArray());
        // More than the buffer holds, so its newer half has moved to the front at least once.
        for (var t = 8 * day; t < 30 * day + 5; t++) fit.Append(Shape(t));

        Assert.Equal(Shape(30 * day + 5 + 2), fit.Forecast(3), 2.0);
    }
}
