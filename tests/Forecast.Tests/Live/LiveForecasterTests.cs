using Headroom.Forecast.Live;

namespace Headroom.Forecast.Tests.Live;

public sealed class LiveForecasterTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LiveForecastOptions Options = new(Minute, Capacity: 2000, MinObserved: 60, Holdout: 120, SeasonPeriod: 0);

    [Fact]
    public void Less_than_a_season_before_the_held_out_tail_offers_no_seasonal_method()
    {
        // Ninety minutes against a daily season: a seasonal method would repeat the value it was fitted on for every
        // slot it has not seen, a frozen forecast that noise around a level can make look good on the held-out tail.
        var chosen = new List<string?>();
        for (var seed = 0; seed < 20; seed++)
        {
            var live = new LiveForecaster(Options with { SeasonPeriod = 1440, Holdout = 30 });
            var random = new Random(seed);
            for (var m = 0; m < 90; m++) live.Observe(T0.AddMinutes(m), 1000 + 300 * (random.NextDouble() - 0.5));
            Assert.True(live.Refit(3));
            chosen.Add(live.Model);
        }

        Assert.DoesNotContain(chosen, m => m is "seasonal-naive" || m!.Contains("season", StringComparison.Ordinal) || m.Contains("hw", StringComparison.Ordinal));
    }

    [Fact]
    public void No_forecast_until_a_refit_with_enough_history()
    {
        var live = new LiveForecaster(Options);
        for (var m = 0; m < 40; m++) live.Observe(T0.AddMinutes(m), 100);

        Assert.False(live.Refit(3));
        Assert.Null(live.Forecast(T0.AddMinutes(40), TimeSpan.FromMinutes(3), 0.9));
        Assert.Null(live.Model);
    }

    [Fact]
    public void A_backfilled_history_forecasts_at_once_and_a_trend_is_carried_to_now_plus_lead()
    {
        var live = new LiveForecaster(Options);
        // Demand rising by 10 tokens/s every minute, for five hours.
        live.Backfill(Enumerable.Range(0, 300).Select(m => (T0.AddMinutes(m), 1000.0 + 10 * m)));

        Assert.True(live.Refit(horizon: 4));
        var now = T0.AddMinutes(300).AddSeconds(20);
        var forecast = live.Forecast(now, TimeSpan.FromMinutes(3), 0.5)!.Value;

        // End of history is minute 300; now + 3 min 20 s is in the 4th step after it, worth 1000 + 10 * 303.
        Assert.Equal(4, forecast.Steps);
        Assert.Equal(1000 + 10 * 303, forecast.Point, 15.0);
        Assert.Equal("holt", forecast.Model);
    }

    [Fact]
    public void Steps_closed_after_the_fit_move_the_forecast_without_a_refit()
    {
        var live = new LiveForecaster(Options);
        for (var m = 0; m < 300; m++) live.Observe(T0.AddMinutes(m), 500 + (m % 2) * 10);
        Assert.True(live.Refit(2));
        var before = live.Forecast(T0.AddMinutes(300), Minute, 0.5)!.Value.Point;

        for (var m = 300; m < 330; m++) live.Observe(T0.AddMinutes(m), 2000);
        var after = live.Forecast(T0.AddMinutes(330), Minute, 0.5)!.Value;

        Assert.Equal(505, before, 10.0);
        Assert.True(after.Point > 1800, $"forecast {after.Point} after a shift to 2000");
    }

    [Fact]
    public void The_quantile_asked_for_orders_the_forecasts_and_never_goes_below_zero()
    {
        var live = new LiveForecaster(Options);
        var random = new Random(9);
        for (var m = 0; m < 400; m++) live.Observe(T0.AddMinutes(m), Math.Max(0, 5 + (random.NextDouble() - 0.5) * 40));
        Assert.True(live.Refit(3));

        var now = T0.AddMinutes(400);
        var p10 = live.Forecast(now, TimeSpan.FromMinutes(3), 0.1)!.Value;
        var p50 = live.Forecast(now, TimeSpan.FromMinutes(3), 0.5)!.Value;
        var p90 = live.Forecast(now, TimeSpan.FromMinutes(3), 0.9)!.Value;

        Assert.True(p10.Value <= p50.Value && p50.Value < p90.Value);
        Assert.True(p10.Value >= 0);
    }

    [Fact]
    public async Task A_refit_running_while_samples_arrive_installs_a_model_that_has_seen_them()
    {
        var live = new LiveForecaster(Options with { Capacity = 11000 });
        live.Backfill(Enumerable.Range(0, 10000).Select(m => (T0.AddMinutes(m), 100.0)));
        var refit = Task.Run(() => live.Refit(1));
        // Demand shifts to 900 while the fit runs: whichever steps the fit copied, the installed model must have seen all of them.
        var m = 10000;
        for (var i = 0; i < 200; i++, m++)
        {
            live.Observe(T0.AddMinutes(m), 900);
            if (i % 10 == 0) Thread.Sleep(1);
        }
        Assert.True(await refit);

        Assert.True(live.Forecast(T0.AddMinutes(m), Minute, 0.5)!.Value.Point > 700);
    }
}
