using Headroom.Forecast.Backtesting;
using Headroom.Sim.Report;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Backtest;

/// <summary>The backtest's chart: the last week of actual demand against the auto-selected forecast, with its p10–p90 band.</summary>
public static class ForecastChart
{
    /// <summary>The chart, as a self-contained SVG.</summary>
    public static string Svg(DemandSeries series, Selection selection, int horizon)
    {
        // A week at most: fourteen days of ten-minute steps across one chart is a smear, and a week shows every day of it.
        var first = Math.Max(0, series.Values.Length - (int)(TimeSpan.FromDays(7) / series.Step));
        var steps = series.Values.Length - first;
        var seconds = Enumerable.Range(first, steps).Select(i => i * series.Step.TotalSeconds).ToArray();
        var actual = series.Values[first..].Select(v => double.IsFinite(v) ? v : (double?)null).ToArray();
        var point = new double?[steps];
        var p10 = new double?[steps];
        var p90 = new double?[steps];
        foreach (var p in selection.Forecasts[ModelSelector.Auto].Where(p => p.Target >= first && p.Target < series.Values.Length))
        {
            point[p.Target - first] = p.Point;
            p10[p.Target - first] = p.P10;
            p90[p.Target - first] = p.P90;
        }
        return SvgChart.Lines("backtest", $"Demand and auto forecast {horizon} step(s) ahead, last {steps * series.Step.TotalHours:F0} h", series.Unit, seconds,
            [new ChartSeries("actual", "#264653", actual), new ChartSeries("auto forecast", "#e76f51", point, Sparse: true)],
            band: new ChartBand("p10–p90", "#f4a261", p10, p90));
    }
}
