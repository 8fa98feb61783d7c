using System.Globalization;
using System.Net;
using System.Text;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Report;

/// <summary>report.html: one self-contained page (inline SVG and CSS, no script, no network) for one replay or a comparison.</summary>
public static class ReplayReport
{
    private static readonly string[] Colours = ["#264653", "#e76f51", "#2a9d8f", "#8e44ad", "#e9c46a", "#1d3557"];

    /// <summary>The page for one or more replays of the same trace.</summary>
    public static string Html(string traceName, IReadOnlyList<ReplayResult> results)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Headroom replay: ").Append(Esc(traceName)).Append("</title>");
        html.Append("<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}svg{display:block;margin:8px 0}</style></head><body>");
        html.Append("<h1>Replay of ").Append(Esc(traceName)).Append("</h1>");
        foreach (var note in ReplayNotes.For(results.Select(r => r.Summary).ToArray()))
            html.Append("<p ").Append(note.Attribute).Append("=\"").Append(note.Name).Append("\">").Append(Esc(note.Text)).Append("</p>");
        html.Append(SummaryTable(results));
        foreach (var (_, svg) in Charts(results)) html.Append(svg);
        html.Append("<p>Charts keep the largest value of each plotted interval. The dotted red line is the TTFT SLO.</p></body></html>");
        return html.ToString();
    }

    /// <summary>The page's charts, each with its id: also written as standalone SVG files beside the report.</summary>
    public static IReadOnlyList<(string Id, string Svg)> Charts(IReadOnlyList<ReplayResult> results)
    {
        var charts = new List<(string, string)>();
        var first = results[0].Timeline;
        var seconds = first.Select(r => r.TimeSeconds).ToArray();
        charts.Add(("demand", SvgChart.Lines("demand", "Demand and forecast", "output tokens/s", seconds,
        [
            new ChartSeries("demand", Colours[0], first.Select(r => (double?)r.DemandTokensPerSecond).ToArray()),
            .. results.Select((r, i) => new ChartSeries($"forecast {r.Summary.Policy}", Colours[(i + 1) % Colours.Length], Align(r.Timeline, seconds, x => x.ForecastTokensPerSecond), true)),
        ])));
        charts.Add(("prompt", SvgChart.Lines("prompt", "Prompt demand", "prompt tokens/s", seconds,
            [new ChartSeries("prompt tokens", Colours[0], first.Select(r => (double?)r.PromptTokensPerSecond).ToArray())])));
        if (results.Count == 1)
        {
            charts.Add(("replicas", SvgChart.Lines("replicas", "Replicas", "replicas", seconds,
            [
                new ChartSeries("ready", Colours[0], first.Select(r => (double?)r.Ready).ToArray()),
                new ChartSeries("pending", Colours[1], first.Select(r => (double?)r.Pending).ToArray()),
                new ChartSeries("desired", Colours[2], first.Select(r => (double?)r.DesiredReplicas).ToArray(), true),
            ])));
        }
        else
        {
            charts.Add(("replicas", SvgChart.Lines("replicas", "Ready replicas", "replicas", seconds, PerPolicy(results, seconds, r => r.Ready))));
            charts.Add(("pending", SvgChart.Lines("pending", "Pending replicas", "replicas", seconds, PerPolicy(results, seconds, r => r.Pending))));
        }
        charts.Add(("queue", SvgChart.Lines("queue", "Queue", "requests waiting", seconds, PerPolicy(results, seconds, r => r.Queue))));
        charts.Add(("ttft", SvgChart.Lines("ttft", "TTFT, worst per sync period", "seconds", seconds, PerPolicy(results, seconds, r => r.TtftMax),
            results[0].Summary.SloTtftSeconds)));
        charts.Add(("missed", SvgChart.Lines("missed", "Requests that missed the objective, per sync period", "requests", seconds,
            PerPolicy(results, seconds, r => r.SloMissed))));
        return charts;
    }

    private static ChartSeries[] PerPolicy(IReadOnlyList<ReplayResult> results, double[] seconds, Func<TimelineRow, double?> value) =>
        results.Select((r, i) => new ChartSeries(r.Summary.Policy, Colours[i % Colours.Length], Align(r.Timeline, seconds, value))).ToArray();

    // Policies share the controller period, but one may run a little longer while draining: align rows by index.
    private static double?[] Align(IReadOnlyList<TimelineRow> rows, double[] seconds, Func<TimelineRow, double?> value) =>
        seconds.Select((_, i) => i < rows.Count ? value(rows[i]) : null).ToArray();

    private static string SummaryTable(IReadOnlyList<ReplayResult> results)
    {
        var t = new StringBuilder("<table id=\"summary\"><tr><th>policy</th><th>requests</th><th>completed</th><th>dropped</th><th>SLO attainment</th><th>SLO after the first cold start</th><th>TTFT p50 (s)</th><th>TTFT p99 (s)</th><th>queue wait p99 (s)</th><th>GPU-hours</th><th>oracle GPU-hours</th><th>oracle SLO attainment</th><th>GPU busy</th><th>scale events</th><th>cold starts</th></tr>");
        foreach (var s in results.Select(r => r.Summary))
        {
            t.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Esc(s.Policy)}</td><td>{s.Requests}</td><td>{s.Completed}</td><td>{s.Dropped}</td><td>{s.SloAttainment:P2}</td><td>{Percent(s.SloAttainmentAfterFirstColdStart)}</td><td>{Opt(s.TtftP50Seconds)}</td><td>{Opt(s.TtftP99Seconds)}</td><td>{Opt(s.QueueWaitP99Seconds)}</td><td>{s.GpuHours:F2}</td><td>{Opt(s.OracleGpuHours)}</td><td>{Percent(s.OracleSloAttainment)}</td><td>{s.GpuBusyFraction:P1}</td><td>{s.ScaleEvents}</td><td>{s.ColdStarts}</td></tr>");
        }
        return t.Append("</table>").ToString();
    }

    private static string Percent(double? v) => v is { } x ? x.ToString("P2", CultureInfo.InvariantCulture) : "–";

    private static string Opt(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "–";

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
