using System.Globalization;

namespace Headroom.Sim.Traces;

/// <summary>Token demand per step: the series forecasters are backtested on.</summary>
/// <param name="Step">Length of one step.</param>
/// <param name="Values">Generated tokens per second in each step; NaN where the data has a gap.</param>
/// <param name="Unit">What the values measure.</param>
public sealed record DemandSeries(TimeSpan Step, double[] Values, string Unit)
{
    /// <summary>Aggregates a request trace into generated tokens per second per step, with its options applied; the step the trace ends in is left out.</summary>
    public static DemandSeries FromRequests(IEnumerable<TraceRequest> requests, TimeSpan step)
    {
        var buckets = new List<double>();
        foreach (var r in requests)
        {
            var index = (int)(r.ArrivalSeconds / step.TotalSeconds);
            while (buckets.Count <= index) buckets.Add(0);
            buckets[index] += r.OutputTokens;
        }
        // The trace ends at its last arrival, part way into the last step: that step's rate is not measured, only
        // the start of it (a conversation trace's last minute reads as a fall to a seventh of its level), so it is left out.
        if (buckets.Count > 1) buckets.RemoveAt(buckets.Count - 1);
        return new DemandSeries(step, buckets.Select(t => t / step.TotalSeconds).ToArray(), "generated tokens/s");
    }

    /// <summary>
    /// Reads a ServeGen-style rate series. A window with a rate of 0 is a gap in the data, not a quiet
    /// period (see the traces' README), so it becomes missing. When the sibling <c>*_token_means_6h.csv</c>
    /// exists, each window's rate is multiplied by its period's mean output tokens, giving token demand;
    /// otherwise the series stays in requests per second.
    /// </summary>
    public static DemandSeries FromAggregateRate(string path)
    {
        var means = TokenMeans(path.Replace("_aggregate_rate.csv", "_token_means_6h.csv", StringComparison.Ordinal), path);
        var lines = File.ReadLines(path).ToArray();
        TraceFormatDetector.Detect(path, lines.FirstOrDefault());
        var rows = new List<(double Start, double Window, double Rate)>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var c = lines[i].Split(',');
            if (c.Length < 3 || !double.TryParse(c[0], CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(c[1], CultureInfo.InvariantCulture, out var window) || window <= 0
                || !double.TryParse(c[2], CultureInfo.InvariantCulture, out var rate) || rate < 0)
                throw new TraceFormatException(path, i + 1, "expected window_start_s,window_s,total_rate_rps with numbers");
            rows.Add((start, window, rate));
        }
        if (rows.Count == 0) throw new TraceFormatException(path, 2, "the series has no rows");
        var step = TimeSpan.FromSeconds(rows[0].Window);
        var values = rows.Select(r => r.Rate == 0 ? double.NaN : r.Rate * (means is null ? 1 : MeanAt(means, r.Start))).ToArray();
        return new DemandSeries(step, values, means is null ? "requests/s" : "generated tokens/s");
    }

    private static (double Start, double MeanOutput)[]? TokenMeans(string path, string ratePath)
    {
        if (path == ratePath || !File.Exists(path)) return null;
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select((l, i) =>
        {
            var c = l.Split(',');
            if (c.Length < 4 || !double.TryParse(c[0], CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(c[3], CultureInfo.InvariantCulture, out var output))
                throw new TraceFormatException(path, i + 2, "expected window_start_s,weighted_req,mean_input_tokens,mean_output_tokens");
            return (start, output);
        }).ToArray();
    }

    private static double MeanAt((double Start, double MeanOutput)[] means, double start) =>
        means.LastOrDefault(m => m.Start <= start, means[0]).MeanOutput;
}
