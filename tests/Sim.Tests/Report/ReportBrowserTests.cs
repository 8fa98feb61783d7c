using System.Text.RegularExpressions;
using Headroom.Sim.Tests.Replay;
using Headroom.Tests.Shared;

namespace Headroom.Sim.Tests.Report;

// report.html opened in headless Chromium: it renders with no console message, and every chart has its lines.
public sealed class ReportBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ChromiumFact]
    public void The_comparison_report_renders_its_charts_without_console_errors()
    {
        var outDir = Path.Combine(_dir, "out");
        var (exit, _, error) = ReplayCommandTests.Run("compare", "--trace", ReplayCommandTests.WriteBurstTrace(_dir), "--fleet", ReplayCommandTests.WriteFleet(_dir),
            "--policy", ReplayCommandTests.WriteHpa(_dir, "queue", "headroom_queue_depth"),
            "--policy", ReplayCommandTests.WriteHpa(_dir, "desired", "headroom_desired_replicas"), "--out", outDir);
        Assert.True(exit == 0, error);

        var (dom, console) = Chromium.Load(new Uri(Path.Combine(outDir, "report.html")).AbsoluteUri);
        Assert.Empty(console);
        var charts = Regex.Matches(dom, "<svg class=\"chart\" id=\"(\\w+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["demand", "prompt", "replicas", "pending", "queue", "ttft", "missed"], charts);
        // Each chart is also a file beside the report, for documents.
        Assert.Equal(charts.Order(), Directory.GetFiles(Path.Combine(outDir, "charts"), "*.svg").Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var chart in Regex.Split(dom, "<svg class=\"chart\"").Skip(1))
            Assert.Contains("<polyline", chart[..chart.IndexOf("</svg>", StringComparison.Ordinal)]);
        Assert.Contains("<table id=\"summary\">", dom);
    }

    [ChromiumFact]
    public void The_check_sees_a_console_error()
    {
        // The control: a page that logs an error and throws must fail the same check.
        var page = Path.Combine(_dir, "bad.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><script>console.error('broken'); undefinedFunction();</script></body></html>");
        var (_, console) = Chromium.Load(new Uri(page).AbsoluteUri);
        Assert.Equal(2, console.Count);
        Assert.Contains(console, l => l.Contains("undefinedFunction", StringComparison.Ordinal));
    }
}
