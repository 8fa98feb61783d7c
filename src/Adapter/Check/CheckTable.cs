namespace Headroom.Adapter.Check;

/// <summary>The check's table: one row per workload, a note where the pods look like another engine, then the metric names each matched.</summary>
public static class CheckTable
{
    /// <summary>Writes the table.</summary>
    public static void Write(TextWriter output, IReadOnlyList<WorkloadReport> reports)
    {
        string[] header = ["WORKLOAD", "SOURCE", "ENGINE", "VERSION", "PODS", "READY", "READINGS", "MISSING", "STATUS"];
        var rows = reports.Select(r => new[]
        {
            $"{r.Workload.Namespace}/{r.Workload.Name}",
            r.Source,
            r.Workload.Engine.ToString().ToLowerInvariant(),
            r.Versions,
            r.Pods?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?",
            r.ReadyPods.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Matched.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Missing.Count == 0 ? "-" : string.Join(", ", r.Missing.Select(m => m[..m.IndexOf(" (", StringComparison.Ordinal)])),
            r.Problems.Count == 0 ? "ok" : $"{r.Problems.Count} problem(s)",
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(row => row[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(header, widths));
        foreach (var row in rows) output.WriteLine(Line(row, widths));
        foreach (var report in reports.Where(r => r.LooksLike is { } looks && !r.Problems.Contains(looks)))
        {
            output.WriteLine();
            output.WriteLine($"note: {report.LooksLike}");
        }
        foreach (var report in reports.Where(r => r.Matched.Count > 0))
        {
            output.WriteLine();
            output.WriteLine($"{report.Workload.Namespace}/{report.Workload.Name} reads:");
            foreach (var matched in report.Matched) output.WriteLine($"  {matched}");
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
