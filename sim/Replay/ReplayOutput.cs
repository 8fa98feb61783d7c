using System.Globalization;
using System.Text;
using System.Text.Json;
using Headroom.Fleet;
using Headroom.Sim.Report;

namespace Headroom.Sim.Replay;

/// <summary>Writes a replay's files: summary.json, timeline.csv (and a prefill/decode replay's timeline-prefill.csv and timeline-decode.csv), replicas.csv and report.html.</summary>
public static class ReplayOutput
{
    /// <summary>The timeline's CSV header.</summary>
    public const string TimelineHeader = "time_s,arrivals_per_s,demand_tokens_per_s,forecast_tokens_per_s,headroom_desired_replicas,proposal,desired_replicas,ready,pending,terminating,queue,running,gpu_duty_cycle,kv_cache_utilization,completed,dropped,ttft_mean_s,ttft_max_s,prompt_tokens_per_s,bound_by,forecast_model,slo_missed,scaling_limited,dispatch_load_factor,prompt_arrival_noise";

    /// <summary>Writes one replay's files into <paramref name="directory"/>.</summary>
    public static void Write(string directory, string traceName, ReplayResult result)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "summary.json"), SummaryJson(result.Summary));
        WriteTimeline(Path.Combine(directory, "timeline.csv"), result.Timeline);
        if (result.RoleTimelines is { } roles)
        {
            WriteTimeline(Path.Combine(directory, "timeline-prefill.csv"), roles.Prefill);
            WriteTimeline(Path.Combine(directory, "timeline-decode.csv"), roles.Decode);
        }
        WriteReplicas(Path.Combine(directory, "replicas.csv"), result.Replicas);
        File.WriteAllText(Path.Combine(directory, "report.html"), ReplayReport.Html(traceName, [result]));
        WriteCharts(directory, [result]);
    }

    /// <summary>Writes a comparison: each policy's files in a subdirectory, a combined summary.json (an array) and report.html.</summary>
    public static void WriteComparison(string directory, string traceName, IReadOnlyList<ReplayResult> results)
    {
        Directory.CreateDirectory(directory);
        foreach (var r in results) Write(Path.Combine(directory, r.Summary.Policy), traceName, r);
        File.WriteAllText(Path.Combine(directory, "summary.json"), JsonSerializer.Serialize(results.Select(r => r.Summary).ToArray(), ReplayJsonContext.Default.ReplaySummaryArray));
        File.WriteAllText(Path.Combine(directory, "report.html"), ReplayReport.Html(traceName, results));
        WriteCharts(directory, results);
    }

    // Each chart of the report also as a file, so that a comparison's charts can be put in documents.
    private static void WriteCharts(string directory, IReadOnlyList<ReplayResult> results)
    {
        var charts = Path.Combine(directory, "charts");
        Directory.CreateDirectory(charts);
        foreach (var (id, svg) in ReplayReport.Charts(results))
            File.WriteAllText(Path.Combine(charts, id + ".svg"), svg);
    }

    /// <summary>summary.json's text.</summary>
    public static string SummaryJson(ReplaySummary summary) => JsonSerializer.Serialize(summary, ReplayJsonContext.Default.ReplaySummary);

    private static void WriteTimeline(string path, IReadOnlyList<TimelineRow> rows)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine(TimelineHeader);
        var line = new CsvLine();
        foreach (var r in rows)
        {
            line.Clear().Add(r.TimeSeconds).Add(r.ArrivalsPerSecond).Add(r.DemandTokensPerSecond).Add(r.ForecastTokensPerSecond).Add(r.SignalDesired)
                .Add(r.Proposal).Add(r.DesiredReplicas).Add(r.Ready).Add(r.Pending).Add(r.Terminating)
                .Add(r.Queue).Add(r.Running).Add(r.GpuDuty).Add(r.KvCache).Add(r.Completed)
                .Add(r.Dropped).Add(r.TtftMean).Add(r.TtftMax).Add(r.PromptTokensPerSecond).Add(r.BoundBy).Add(r.ForecastModel).Add(r.SloMissed)
                .Add(r.ScalingLimited).Add(r.DispatchLoadFactor).Add(r.PromptArrivalNoise);
            w.WriteLine(line.Text);
        }
    }

    private static void WriteReplicas(string path, IReadOnlyList<ReplicaRecord> replicas)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("replica,created_s,ready_s,removed_s,busy_s,gpu_busy_fraction");
        foreach (var r in replicas)
            w.WriteLine(string.Join(',', r.Name, Seconds(r.Created), Seconds(r.Ready), Seconds(r.Removed), Seconds(r.BusySeconds), N(r.BusyFraction)));
    }

    private static string N(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "";

    // Event times fall anywhere, not on 100 ms steps: to the microsecond, so the lives add up to the replica-seconds.
    private static string Seconds(double? v) => v is { } x ? x.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
