using System.Text.Json;
using System.Text.Json.Nodes;
using Headroom.Forecast.Backtesting;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Backtest;

/// <summary>What a backtest run is asked to do.</summary>
/// <param name="Trace">A request trace or an aggregated rate series.</param>
/// <param name="Horizon">How far ahead to forecast.</param>
/// <param name="Step">Aggregation step for request traces; a rate series keeps its own windows.</param>
/// <param name="OutDirectory">Where backtest.json and backtest.svg go.</param>
public sealed record BacktestRequest(string Trace, TimeSpan Horizon, TimeSpan Step, string OutDirectory);

/// <summary>
/// Aggregates a trace to token demand per step, backtests every forecaster by rolling origin, and writes
/// backtest.json and a chart. The season is daily when the series spans at least two days.
/// </summary>
public static class BacktestRunner
{
    /// <summary>Runs the backtest and returns the selection.</summary>
    public static Selection Run(BacktestRequest request, TextWriter log)
    {
        var reader = new TraceReader(request.Trace);
        var series = reader.Format() == TraceFormat.AggregateRate
            ? DemandSeries.FromAggregateRate(request.Trace)
            : DemandSeries.FromRequests(reader.Requests(), request.Step);
        var stepSeconds = series.Step.TotalSeconds;
        var horizon = Math.Max(1, (int)Math.Ceiling(request.Horizon.TotalSeconds / stepSeconds - 1e-9));
        var perDay = 86400 / stepSeconds;
        var season = Math.Abs(perDay - Math.Round(perDay)) < 1e-9 && series.Values.Length >= 2 * perDay + horizon ? (int)perDay : 0;
        var minTrain = season > 0 ? 2 * season : Math.Max(10, series.Values.Length / 3);
        var origins = series.Values.Length - minTrain - horizon + 1;
        if (origins < 5)
            throw new ArgumentException($"{request.Trace}: {series.Values.Length} steps of {stepSeconds:F0} s leave {Math.Max(0, origins)} forecast origins at this horizon; use a smaller --step or a longer trace");
        // Fitted on at most what the live server keeps (a week and a day), so a weekly shape can be read as it is live.
        // Forecasts from the origins before the first scored one calibrate the bands: a series of an hour then has a band
        // at every scored origin, from more than the ten errors its first scored origins would otherwise have.
        var options = new BacktestOptions(horizon, minTrain, OriginStep: Math.Max(1, origins / 300),
            MaxTrain: season > 0 ? 8 * season : int.MaxValue, CalibrateFrom: 1);
        log.WriteLine($"{Path.GetFileName(request.Trace)}: {series.Values.Length} steps of {stepSeconds:F0} s ({series.Unit}), horizon {horizon} step(s), season {season} step(s), {origins / options.OriginStep} origins");

        var selection = ModelSelector.Select(ModelSelector.Candidates(season, horizon), series.Values, options);
        Directory.CreateDirectory(request.OutDirectory);
        File.WriteAllText(Path.Combine(request.OutDirectory, "backtest.json"), Json(request, series, options, season, selection));
        File.WriteAllText(Path.Combine(request.OutDirectory, "backtest.svg"), ForecastChart.Svg(series, selection, horizon));
        return selection;
    }

    private static string Json(BacktestRequest request, DemandSeries series, BacktestOptions options, int season, Selection selection)
    {
        static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
        var models = new JsonArray(selection.Scores.Select(s => (JsonNode)new JsonObject
        {
            ["model"] = s.Model,
            ["forecasts"] = s.Forecasts,
            ["mae"] = Number(s.Mae),
            ["smape"] = Number(s.Smape),
            ["mase"] = Number(s.Mase),
            ["pinball_p50"] = Number(s.PinballP50),
            ["pinball_p90"] = Number(s.PinballP90),
            ["coverage_p10_p90"] = Number(s.Coverage80),
        }).ToArray());
        return new JsonObject
        {
            ["trace"] = Path.GetFileName(request.Trace),
            ["unit"] = series.Unit,
            ["step_seconds"] = series.Step.TotalSeconds,
            ["steps"] = series.Values.Length,
            ["missing_steps"] = series.Values.Count(double.IsNaN),
            ["horizon_steps"] = options.Horizon,
            ["horizon_seconds"] = options.Horizon * series.Step.TotalSeconds,
            ["season_steps"] = season,
            ["min_train_steps"] = options.MinTrain,
            ["origin_step"] = options.OriginStep,
            ["mase_reference"] = "seasonal-naive",
            ["selected_in_hindsight"] = selection.Selected,
            ["auto_choices"] = new JsonObject(selection.AutoChoices.CountBy(c => c).OrderByDescending(c => c.Value)
                .Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
            ["models"] = models,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
