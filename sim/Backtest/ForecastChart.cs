using System.Globalization;
using System.Text;
using Headroom.Forecast.Backtesting;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Backtest;

/// <summary>A self-contained SVG of the last week of actual demand against the auto forecast, with its p10–p90 band.</summary>
public static class ForecastChart
{
    private const int Width = 960, Height = 360, Pad = 48;

    /// <summary>The chart.</summary>
    public static string Svg(DemandSeries series, Selection selection, int horizon)
    {
        // A week at most: fourteen days of ten-minute steps in 960 pixels is a smear, and a week shows every day of it.
        var first = Math.Max(0, series.Values.Length - (int)(TimeSpan.FromDays(7) / series.Step));
        var auto = selection.Forecasts[ModelSelector.Auto].Where(p => p.Target >= first).ToArray();
        var shown = series.Values[first..];
        var values = shown.Where(double.IsFinite).Concat(auto.Select(p => p.Point)).Concat(auto.Where(p => double.IsFinite(p.P90)).Select(p => p.P90)).ToArray();
        var max = values.Length == 0 ? 1 : values.Max() * 1.05;
        var n = Math.Max(1, shown.Length - 1);
        string X(int i) => (Pad + (Width - 2 * Pad) * (i - first) / (double)n).ToString("F1", CultureInfo.InvariantCulture);
        string Y(double v) => (Height - Pad - (Height - 2 * Pad) * Math.Max(0, v) / max).ToString("F1", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        var band = auto.Where(p => double.IsFinite(p.P10) && double.IsFinite(p.P90)).ToArray();
        if (band.Length > 1)
        {
            var upper = string.Join(' ', band.Select(p => $"{X(p.Target)},{Y(p.P90)}"));
            var lower = string.Join(' ', band.Reverse().Select(p => $"{X(p.Target)},{Y(p.P10)}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{upper} {lower}\" fill=\"#f4a261\" fill-opacity=\"0.25\"/>");
        }
        svg.Append(Polyline(shown.Select((v, i) => (first + i, v)), X, Y, "#264653"));
        svg.Append(Polyline(auto.Select(p => (p.Target, p.Point)), X, Y, "#e76f51"));
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Pad}\" y1=\"{Height - Pad}\" x2=\"{Width - Pad}\" y2=\"{Height - Pad}\" stroke=\"#999\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Pad}\" y=\"20\">{series.Unit}, last {shown.Length * series.Step.TotalHours:F0} h: actual (dark), auto forecast {horizon} step(s) ahead (orange), p10–p90 band; max {max:F0}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    // A gap in the data breaks the line, so missing steps are not drawn as zero.
    private static string Polyline(IEnumerable<(int Index, double Value)> points, Func<int, string> x, Func<double, string> y, string colour)
    {
        var svg = new StringBuilder();
        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 1) svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', run)}\"/>");
            run.Clear();
        }
        foreach (var (index, value) in points)
        {
            if (!double.IsFinite(value)) Flush();
            else run.Add($"{x(index)},{y(value)}");
        }
        Flush();
        return svg.ToString();
    }
}
