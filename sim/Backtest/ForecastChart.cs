using Headroom.Forecast.Backtesting;
using Headroom.Sim.Report;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Backtest;

/// <summary>The backtest's chart: actual demand against the auto-selected forecast, with its p10–p90 band.</summary>
public static class ForecastChart
{
    /// <summary>The chart, as a self-contained SVG.</summary>
    public static string Svg(DemandSeries series, Selection selection, int horizon)
    {
        var auto = selection.Forecasts[ModelSelector.Auto];
        var steps = series.Values.Length;
        var seconds = Enumerable.Range(0, steps).Select(i => i * series.Step.TotalSeconds).ToArray();
        var actual = series.Values.Select(v => double.IsFinite(v) ? v : (double?)null).ToArray();
        var point = new double?[steps];
        var p10 = new double?[steps];
        var p90 = new double?[steps];
        foreach (var p in auto.Where(p => p.Target < steps))
        {
            point[p.Target] = p.Point;
            p10[p.Target] = p.P10;
            p90[p.Target] = p.P90;
        }
        return SvgChart.Lines("backtest", $"Demand and auto forecast {horizon} step(s) ahead", series.Unit, seconds,
            [new ChartSeries("actual", "#264653", actual), new ChartSeries("auto forecast", "#e76f51", point, Sparse: true)],
            band: new ChartBand("p10–p90", "#f4a261", p10, p90));
    }
}
