using System.Globalization;
using System.Net;
using System.Text;

namespace Headroom.Sim.Report;

/// <summary>One line of a chart: a name, a colour, and a value per x (null breaks the line, unless the series is sparse).</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Colour">Stroke colour.</param>
/// <param name="Values">One value per x; null where there is none.</param>
/// <param name="Dashed">Drawn dashed.</param>
/// <param name="Sparse">Sampled at some x's only, such as forecasts made every few steps: the line joins the samples across the x's between.</param>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<double?> Values, bool Dashed = false, bool Sparse = false);

/// <summary>A shaded range of a chart, such as a forecast's p10–p90 band, drawn through the x's where both edges have a value.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Colour">Fill colour.</param>
/// <param name="Lower">Lower edge, one value per x.</param>
/// <param name="Upper">Upper edge, one value per x.</param>
public sealed record ChartBand(string Name, string Colour, IReadOnlyList<double?> Lower, IReadOnlyList<double?> Upper);

/// <summary>Self-contained SVG line charts over time, downsampled so a week of rows stays a small page: the replay report's and the backtest's.</summary>
public static class SvgChart
{
    private const int Width = 960, Height = 260, Left = 64, Right = 16, Top = 28, Bottom = 32, MaxPoints = 1200;

    /// <summary>
    /// A chart of several series, and optionally a band behind them, against time in seconds; each x bucket keeps a
    /// series' largest value (a band's widest range), so peaks survive downsampling.
    /// </summary>
    public static string Lines(string id, string title, string unit, IReadOnlyList<double> seconds, IReadOnlyList<ChartSeries> series,
        double? reference = null, ChartBand? band = null)
    {
        var n = seconds.Count;
        var buckets = Math.Max(1, Math.Min(n, MaxPoints));
        var reduced = series.Select(s => Reduce(s.Values, n, buckets, Math.Max)).ToArray();
        var upper = band is null ? [] : Reduce(band.Upper, n, buckets, Math.Max);
        var lower = band is null ? [] : Reduce(band.Lower, n, buckets, Math.Min);
        var max = reduced.SelectMany(v => v).Concat(upper).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max();
        if (reference is { } r) max = Math.Max(max, r);
        max = max <= 0 ? 1 : max * 1.08;
        var span = n > 1 ? seconds[^1] - seconds[0] : 1;
        var start = n > 0 ? seconds[0] : 0;
        string X(int bucket) => F(Left + (Width - Left - Right) * (buckets > 1 ? bucket / (double)(buckets - 1) : 0));
        string Y(double v) => F(Height - Bottom - (Height - Top - Bottom) * Math.Clamp(v / max, 0, 1));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Esc(title)}</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (var g = 0; g <= 4; g++)
        {
            var v = max * g / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v)}\" y2=\"{Y(v)}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Y(v)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Num(v)}</text>");
        }
        for (var g = 0; g <= 6; g++)
        {
            var x = Left + (Width - Left - Right) * g / 6.0;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - 10}\" text-anchor=\"middle\">{Clock(start + span * g / 6)}</text>");
        }
        if (reference is { } line)
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"reference\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(line)}\" y2=\"{Y(line)}\" stroke=\"#c00\" stroke-dasharray=\"2 3\"/>");
        if (band is not null) svg.Append(Polygon(lower, upper, band, X, Y));
        for (var i = 0; i < series.Count; i++) svg.Append(Polylines(reduced[i], series[i], X, Y));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" font-weight=\"bold\">{Esc(title)} ({Esc(unit)})</text>");
        var legendX = Left + 8.0 * (title.Length + unit.Length + 4);
        var legend = series.Select(s => (s.Name, s.Colour, Height: 3)).Concat(band is null ? [] : [(band.Name, band.Colour, Height: 8)]);
        foreach (var (name, colour, height) in legend)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(legendX)}\" y=\"{11 - height}\" width=\"12\" height=\"{height}\" fill=\"{colour}\"/><text x=\"{F(legendX + 16)}\" y=\"13\">{Esc(name)}</text>");
            legendX += 30 + 6.5 * name.Length;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double?[] Reduce(IReadOnlyList<double?> values, int n, int buckets, Func<double, double, double> keep)
    {
        var result = new double?[buckets];
        for (var i = 0; i < n; i++)
        {
            var b = (int)((long)i * buckets / Math.Max(1, n));
            if (values[i] is { } v && double.IsFinite(v)) result[b] = result[b] is { } kept ? keep(kept, v) : v;
        }
        return result;
    }

    // Along the upper edge, then back along the lower.
    private static string Polygon(double?[] lower, double?[] upper, ChartBand band, Func<int, string> x, Func<double, string> y)
    {
        var both = Enumerable.Range(0, upper.Length).Where(i => upper[i] is not null && lower[i] is not null).ToArray();
        if (both.Length < 2) return "";
        var points = both.Select(i => $"{x(i)},{y(upper[i]!.Value)}").Concat(both.Reverse().Select(i => $"{x(i)},{y(lower[i]!.Value)}"));
        return $"<polygon data-band=\"{Esc(band.Name)}\" fill=\"{band.Colour}\" fill-opacity=\"0.25\" points=\"{string.Join(' ', points)}\"/>";
    }

    private static string Polylines(double?[] values, ChartSeries s, Func<int, string> x, Func<double, string> y)
    {
        var svg = new StringBuilder();
        var run = new List<string>();
        var dash = s.Dashed ? " stroke-dasharray=\"6 3\"" : "";
        void Flush()
        {
            if (run.Count == 1) run.Add(run[0]);
            if (run.Count > 1)
                svg.Append(CultureInfo.InvariantCulture, $"<polyline data-series=\"{Esc(s.Name)}\" fill=\"none\" stroke=\"{s.Colour}\" stroke-width=\"1.4\"{dash} points=\"{string.Join(' ', run)}\"/>");
            run.Clear();
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v) run.Add($"{x(i)},{y(v)}");
            else if (!s.Sparse) Flush();
        }
        Flush();
        return svg.ToString();
    }

    private static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d{t.Hours:D2}h" : $"{(int)t.TotalHours}:{t.Minutes:D2}";
    }

    private static string Num(double v) => v >= 1000 ? v.ToString("0.#e0", CultureInfo.InvariantCulture) : v.ToString(v >= 10 ? "F0" : "0.##", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
