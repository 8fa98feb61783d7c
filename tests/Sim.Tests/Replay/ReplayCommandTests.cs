using System.Globalization;
using System.Text;
using System.Text.Json;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

// replay and compare end to end, in-process through the executable's root command, on a generated trace:
// 10 minutes at 2 requests/s, 10 minutes at 40 requests/s, 10 minutes at 2 requests/s.
public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string WriteBurstTrace(string dir)
    {
        var text = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        var t = 0.0;
        foreach (var (rate, seconds) in new[] { (2.0, 600), (40.0, 600), (2.0, 600) })
        {
            var end = t + seconds;
            for (; t < end; t += 1 / rate) text.Append(CultureInfo.InvariantCulture, $"{t:F3},1000,300\n");
        }
        var path = Path.Combine(dir, "burst.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    internal static string WriteHpa(string dir, string name, string metric)
    {
        var body = metric == "headroom_desired_replicas"
            ? "  - type: External\n    external:\n      metric: {name: headroom_desired_replicas}\n      target: {type: AverageValue, averageValue: \"1\"}\n"
            : $"  - type: Pods\n    pods:\n      metric: {{name: {metric}}}\n      target: {{type: AverageValue, averageValue: \"4\"}}\n";
        var path = Path.Combine(dir, name + ".yaml");
        File.WriteAllText(path, "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: llm}\nspec:\n" +
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}\n  minReplicas: 1\n  maxReplicas: 12\n  metrics:\n" + body);
        return path;
    }

    internal static string WriteFleet(string dir)
    {
        // A small replica (10 ms + 1 ms per sequence, batch 32) and a 60 s cold start, so the burst needs several.
        var path = Path.Combine(dir, "fleet.yaml");
        File.WriteAllText(path, "decodeStepBaseMs: 10\ndecodeStepPerSequenceMs: 1\nmaxBatch: 32\nprefillTokensPerSecond: 20000\ncoldStart: {p50: 60s, p90: 90s}\n");
        return path;
    }

    // One warm replica of WriteFleet's; a minute of 30,000-token prompts at perSecond, then 1,000-token prompts every 2 s,
    // compared with the HPA on headroom_desired_replicas (and the oracle).
    private (int Exit, string Output, string Error, string OutDir) CompareAfterStartBurst(string name, double perSecond)
    {
        var trace = Path.Combine(_dir, name + ".csv");
        var text = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        for (var t = 0.0; t < 60; t += 1 / perSecond) text.Append(CultureInfo.InvariantCulture, $"{t:F3},30000,10\n");
        for (var t = 60; t < 900; t += 2) text.Append(CultureInfo.InvariantCulture, $"{t},1000,10\n");
        File.WriteAllText(trace, text.ToString());
        var fleet = WriteFleet(_dir);
        File.AppendAllText(fleet, "initialReplicas: 1\n");
        var outDir = Path.Combine(_dir, name);
        var (exit, output, error) = Run("compare", "--trace", trace, "--fleet", fleet, "--policy", WriteHpa(_dir, "desired", "headroom_desired_replicas"),
            "--out", outDir);
        return (exit, output, error, outDir);
    }

    [Fact]
    public void A_trace_whose_requests_arrive_in_groups_at_ticks_is_named_on_stderr_and_in_the_report()
    {
        // Ten requests at each 3-second tick, as a trace whose timestamps were rounded to a tick records them.
        var ticks = Path.Combine(_dir, "ticks.csv");
        var text = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        for (var t = 0; t < 600; t += 3) text.Append(string.Concat(Enumerable.Repeat($"{t},1000,100\n", 10)));
        File.WriteAllText(ticks, text.ToString());
        var hpa = WriteHpa(_dir, "desired", "headroom_desired_replicas");
        var outDir = Path.Combine(_dir, "ticks");

        var (exit, output, error) = Run("compare", "--trace", ticks, "--fleet", WriteFleet(_dir), "--policy", hpa, "--rate-scale", "2", "--out", outDir);

        Assert.True(exit == 0, error);
        Assert.Contains("note: 90% of the trace's 2000 requests arrive at the same instant as the one before them (200 instants; up to 10 at one).", error);
        Assert.Contains("id=\"arrivals\"", File.ReadAllText(Path.Combine(outDir, "report.html")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var s = summary.RootElement[0];
        Assert.Equal(2000, s.GetProperty("trace_rows").GetInt64());
        Assert.Equal(200, s.GetProperty("arrival_instants").GetInt64());
        Assert.Equal(10, s.GetProperty("most_requests_at_one_instant").GetInt32());
        Assert.Equal(4000, s.GetProperty("requests").GetInt64());
        Assert.Contains("desired,4000,", output);

        // The same requests, each at its own instant: no note.
        var (spreadExit, _, spread) = Run("replay", "--trace", WriteBurstTrace(_dir), "--fleet", WriteFleet(_dir), "--hpa", hpa, "--no-oracle", "--out", Path.Combine(_dir, "spread"));
        Assert.True(spreadExit == 0, spread);
        Assert.DoesNotContain("same instant", spread);
    }

    [Fact]
    public void Compare_over_fleet_seeds_prints_each_policys_spread_and_writes_every_seeds_row()
    {
        var trace = WriteBurstTrace(_dir);
        var hpa = WriteHpa(_dir, "desired", "headroom_desired_replicas");
        var outDir = Path.Combine(_dir, "seeds");

        var (exit, output, error) = Run("compare", "--trace", trace, "--fleet", WriteFleet(_dir), "--policy", hpa, "--seeds", "1,2", "--out", outDir);

        Assert.True(exit == 0, error);
        var table = output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(SeedSpread.Header, table[0]);
        var spread = table[1].Split(',');
        Assert.Equal(["desired", "2"], spread[..2]);
        var rows = File.ReadAllLines(Path.Combine(outDir, "seeds.csv"));
        Assert.Equal(SeedSpread.RowsHeader, rows[0]);
        var bySeed = rows.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(["1", "2"], bySeed.Select(r => r[0]));
        double At(string[] fields, int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        // The seeds draw other cold starts, so the two replays differ; the table is their least, mean and most.
        Assert.NotEqual(At(bySeed[0], 2), At(bySeed[1], 2));
        Assert.Equal(Math.Min(At(bySeed[0], 2), At(bySeed[1], 2)), At(spread, 2), 4);
        Assert.Equal((At(bySeed[0], 2) + At(bySeed[1], 2)) / 2, At(spread, 3), 4);
        Assert.Equal(Math.Max(At(bySeed[0], 2), At(bySeed[1], 2)), At(spread, 4), 4);
        Assert.Equal((At(bySeed[0], 3) + At(bySeed[1], 3)) / 2, At(spread, 6), 3);
        // The other outputs are the first seed's.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(At(bySeed[0], 2), Math.Round(summary.RootElement[0].GetProperty("slo_attainment").GetDouble(), 4));

        var (badExit, _, badError) = Run("compare", "--trace", trace, "--policy", hpa, "--seeds", "1,one", "--out", Path.Combine(_dir, "bad-seeds"));
        Assert.Equal(2, badExit);
        Assert.Contains("--seeds 1,one: 'one' is not a whole number", badError);
    }

    [Fact]
    public void Replay_writes_consistent_summary_timeline_and_report()
    {
        var trace = WriteBurstTrace(_dir);
        var hpa = WriteHpa(_dir, "desired", "headroom_desired_replicas");
        var outDir = Path.Combine(_dir, "out");
        var (exit, _, error) = Run("replay", "--trace", trace, "--hpa", hpa, "--fleet", WriteFleet(_dir), "--slo-ttft", "2s", "--out", outDir);
        Assert.True(exit == 0, error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var s = summary.RootElement;
        var requests = s.GetProperty("requests").GetInt64();
        Assert.Equal(1200 + 24000 + 1200, requests);
        Assert.Equal(requests, s.GetProperty("completed").GetInt64() + s.GetProperty("dropped").GetInt64());
        Assert.Equal(s.GetProperty("replica_seconds").GetDouble() / 3600 * s.GetProperty("gpus_per_replica").GetInt32(), s.GetProperty("gpu_hours").GetDouble(), 9);
        // The oracle is replayed too: it starts replicas a cold start ahead of the burst and, the start being feasible,
        // meets the objective for every attainable request.
        Assert.True(s.GetProperty("oracle_gpu_hours").GetDouble() > 0);
        Assert.Equal(1.0, s.GetProperty("oracle_slo_attainment").GetDouble());
        Assert.DoesNotContain("note: Even the clairvoyant oracle", error); // feasible: the oracle meets it
        Assert.Equal(0, s.GetProperty("unattainable").GetInt64()); // 1,000-token prompts prefill in 50 ms
        Assert.True(s.GetProperty("cold_starts").GetInt32() > 0, "the burst should have started replicas");
        Assert.True(s.GetProperty("scale_events").GetInt32() >= 2, "up for the burst and down after it");
        Assert.InRange(s.GetProperty("slo_attainment").GetDouble(), 0, 1);
        Assert.True(s.GetProperty("ttft_p50_seconds").GetDouble() <= s.GetProperty("ttft_p99_seconds").GetDouble());

        var timeline = File.ReadAllLines(Path.Combine(outDir, "timeline.csv"));
        Assert.Equal(Sim.Replay.ReplayOutput.TimelineHeader, timeline[0]);
        var rows = timeline.Skip(1).Select(l => l.Split(',')).ToArray();
        // One row per 15 s sync over at least the 30-minute trace.
        Assert.InRange(rows.Length, 120, 120 + 240);
        var column = timeline[0].Split(',').ToList();
        int Col(string name) => column.IndexOf(name);
        Assert.Equal(s.GetProperty("completed").GetInt64(), rows.Sum(r => long.Parse(r[Col("completed")], CultureInfo.InvariantCulture)));
        Assert.Equal(s.GetProperty("dropped").GetInt64(), rows.Sum(r => long.Parse(r[Col("dropped")], CultureInfo.InvariantCulture)));
        // The misses of every period are those that SLO attainment does not count within the objective.
        var attainable = requests - s.GetProperty("unattainable").GetInt64();
        var missed = rows.Sum(r => long.Parse(r[Col("slo_missed")], CultureInfo.InvariantCulture));
        Assert.Equal(attainable * (1 - s.GetProperty("slo_attainment").GetDouble()), missed, 6);
        var readyDuringBurst = rows.Where(r => double.Parse(r[0], CultureInfo.InvariantCulture) is > 900 and < 1200).Max(r => int.Parse(r[Col("ready")], CultureInfo.InvariantCulture));
        Assert.True(readyDuringBurst > 1, $"ready replicas during the burst: {readyDuringBurst}");
        Assert.Contains(rows, r => r[Col("forecast_tokens_per_s")].Length > 0);
        // Each decision's dispatch factor, from 1 to the largest the estimator fits.
        Assert.All(rows.Where(r => r[Col("bound_by")].Length > 0),
            r => Assert.InRange(double.Parse(r[Col("dispatch_load_factor")], CultureInfo.InvariantCulture), 1, 4));
        // And the arrival noise its prompt demand was judged by: none in the first minute, some once it has a level.
        var noise = rows.Where(r => r[Col("bound_by")].Length > 0)
            .Select(r => (At: double.Parse(r[0], CultureInfo.InvariantCulture), Noise: double.Parse(r[Col("prompt_arrival_noise")], CultureInfo.InvariantCulture))).ToArray();
        Assert.All(noise.Where(n => n.At < 60), n => Assert.Equal(0, n.Noise));
        Assert.Contains(noise, n => n.Noise > 0);

        // replicas.csv: the initial replica plus one per cold start; their lives add up to the replica-seconds.
        var replicas = File.ReadAllLines(Path.Combine(outDir, "replicas.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(1 + s.GetProperty("cold_starts").GetInt32(), replicas.Length);
        var lives = replicas.Sum(r => double.Parse(r[3], CultureInfo.InvariantCulture) - double.Parse(r[1], CultureInfo.InvariantCulture));
        Assert.Equal(s.GetProperty("replica_seconds").GetDouble(), lives, 3);
        Assert.All(replicas.Where(r => r[5].Length > 0), r => Assert.InRange(double.Parse(r[5], CultureInfo.InvariantCulture), 0, 1));

        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        foreach (var id in new[] { "demand", "replicas", "queue", "ttft" }) Assert.Contains($"id=\"{id}\"", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public void Compare_runs_each_policy_on_the_same_trace()
    {
        var trace = WriteBurstTrace(_dir);
        var outDir = Path.Combine(_dir, "cmp");
        var (exit, output, error) = Run("compare", "--trace", trace, "--fleet", WriteFleet(_dir),
            "--policy", WriteHpa(_dir, "queue", "headroom_queue_depth"), "--policy", WriteHpa(_dir, "desired", "headroom_desired_replicas"), "--out", outDir);
        Assert.True(exit == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("queue,26400,", lines[1]);
        Assert.StartsWith("desired,26400,", lines[2]);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(2, summary.RootElement.GetArrayLength());
        // Same trace, same oracle.
        Assert.Equal(summary.RootElement[0].GetProperty("oracle_gpu_hours").GetDouble(), summary.RootElement[1].GetProperty("oracle_gpu_hours").GetDouble(), 6);
        Assert.True(File.Exists(Path.Combine(outDir, "queue", "timeline.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "desired", "report.html")));
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("data-series=\"queue\"", html);
        Assert.Contains("data-series=\"desired\"", html);
    }

    [Fact]
    public void A_start_no_new_replica_can_arrive_in_time_for_is_named_and_attainment_after_it_leaves_it_out()
    {
        // One warm replica; a minute of 30,000-token prompts at 1/s, half again what it prefills, then 1,000-token
        // prompts every 2 s that it serves alone. Replicas take 60-90 s to start, so no policy, the clairvoyant oracle
        // included, can help the first minute: its misses are all before the first cold start (90 s, the p90).
        var (exit, output, error, outDir) = CompareAfterStartBurst("start", perSecond: 1);
        Assert.True(exit == 0, error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var s = summary.RootElement[0];
        Assert.Equal(90, s.GetProperty("first_cold_start_seconds").GetDouble(), 6);
        Assert.True(s.GetProperty("oracle_slo_attainment").GetDouble() < 0.99);
        Assert.Equal(1.0, s.GetProperty("oracle_slo_attainment_after_first_cold_start").GetDouble());
        Assert.True(s.GetProperty("slo_attainment").GetDouble() < 0.99);
        Assert.Equal(1.0, s.GetProperty("slo_attainment_after_first_cold_start").GetDouble());
        // The timeline shows when the misses came: all of them in the periods that end by the first cold start's.
        var timeline = File.ReadAllLines(Path.Combine(outDir, "desired", "timeline.csv"));
        var missedAt = Array.IndexOf(timeline[0].Split(','), "slo_missed");
        var missed = timeline.Skip(1).Select(l => l.Split(',')).Select(r => (At: double.Parse(r[0], CultureInfo.InvariantCulture),
            Missed: long.Parse(r[missedAt], CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(480 * (1 - s.GetProperty("slo_attainment").GetDouble()), missed.Sum(r => r.Missed), 6);
        Assert.True(missed.Sum(r => r.Missed) > 0);
        Assert.All(missed.Where(r => r.Missed > 0), r => Assert.True(r.At <= 90 + 60 + 15, $"{r.Missed} missed in the period ending at {r.At} s"));
        var columns = output.Split('\n')[0].Split(',');
        Assert.Equal("1.0000", output.Split('\n')[1].Split(',')[Array.IndexOf(columns, "slo_attainment_after_first_cold_start")]);
        // The note: on stderr, and above the report's table; not on stdout, whose lines are the CSV.
        Assert.Contains("note: Even the clairvoyant oracle meets only", error);
        Assert.Contains("after the first cold start (90 s) it meets 100.00%", error);
        Assert.Contains("id=\"feasibility\"", File.ReadAllText(Path.Combine(outDir, "report.html")));
    }

    [Fact]
    public void The_oracle_keeps_its_replicas_while_a_backlog_waits()
    {
        // A minute of 30,000-token prompts at 2/s on one warm replica (three times what it prefills), then 1,000-token
        // prompts every 2 s. Sized on arrivals alone, the oracle let the burst's replicas go once it ended, while its
        // backlog still waited: 95.3% of the requests after the first cold start met the objective. Holding them while
        // requests wait serves the backlog.
        var (exit, _, error, outDir) = CompareAfterStartBurst("backlog", perSecond: 2);
        Assert.True(exit == 0, error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.True(summary.RootElement[0].GetProperty("oracle_slo_attainment_after_first_cold_start").GetDouble() >= 0.99);
    }

    [Fact]
    public void A_policy_its_max_replicas_holds_is_named_with_how_long_and_how_many_it_asked_for()
    {
        // The burst needs more than 2 replicas: the HPA capped at 2 reports ScalingLimited (TooManyReplicas) for as long
        // as its metrics ask for more, the one allowed 64 never does.
        var trace = WriteBurstTrace(_dir);
        var capped = Path.Combine(_dir, "capped.yaml");
        File.WriteAllText(capped, File.ReadAllText(WriteHpa(_dir, "desired", "headroom_desired_replicas")).Replace("maxReplicas: 12", "maxReplicas: 2"));
        var roomy = Path.Combine(_dir, "roomy.yaml");
        File.WriteAllText(roomy, File.ReadAllText(WriteHpa(_dir, "desired", "headroom_desired_replicas")).Replace("maxReplicas: 12", "maxReplicas: 64"));
        var outDir = Path.Combine(_dir, "capped-out");
        var (exit, _, error) = Run("compare", "--trace", trace, "--fleet", WriteFleet(_dir), "--policy", capped, "--policy", roomy,
            "--out", outDir);
        Assert.True(exit == 0, error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var (c, r) = (summary.RootElement[0], summary.RootElement[1]);
        var seconds = c.GetProperty("too_many_replicas_seconds").GetDouble();
        Assert.InRange(seconds, 60, c.GetProperty("simulated_seconds").GetDouble());
        Assert.Equal(2, c.GetProperty("held_at_max_replicas").GetInt32());
        var asked = c.GetProperty("most_replicas_asked_over_max").GetInt32();
        Assert.True(asked > 2, $"asked for {asked}");
        Assert.Equal(0, r.GetProperty("too_many_replicas_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("held_at_max_replicas").ValueKind);
        // The timeline names the condition at each sync; where it is TooManyReplicas the scale is the maximum (the
        // recommendation above it being the metrics' proposal or, after the burst, the stabilization window's), and
        // each sync's condition lasts until the next row: together, the summary's seconds.
        var timeline = File.ReadAllLines(Path.Combine(outDir, "capped", "timeline.csv"));
        var header = timeline[0].Split(',');
        var (limitedAt, desiredAt, proposalAt) = (Array.IndexOf(header, "scaling_limited"), Array.IndexOf(header, "desired_replicas"), Array.IndexOf(header, "proposal"));
        var rows = timeline.Skip(1).Select(l => l.Split(',')).ToArray();
        var limited = rows.Where(f => f[limitedAt] == "TooManyReplicas").ToArray();
        Assert.NotEmpty(limited);
        Assert.All(limited, f => Assert.Equal("2", f[desiredAt]));
        var at = rows.Select(f => double.Parse(f[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Enumerable.Range(0, rows.Length - 1).Where(i => rows[i][limitedAt] == "TooManyReplicas").Sum(i => at[i + 1] - at[i]), seconds, 0.01);
        Assert.Equal(asked, limited.Where(f => f[proposalAt] != "").Max(f => int.Parse(f[proposalAt], CultureInfo.InvariantCulture)));
        // The note, for the capped policy only: on stderr and in the report.
        Assert.Contains(FormattableString.Invariant($"note: capped: maxReplicas held the scale at 2 below what the controller recommended (up to {asked}) for {seconds:F0} s"), error);
        Assert.DoesNotContain("note: roomy", error);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(outDir, "report.html")), "class=\"max-replicas\""));
    }

    [Fact]
    public void Loop_and_rate_scale_multiply_the_requests()
    {
        var trace = WriteBurstTrace(_dir);
        var outDir = Path.Combine(_dir, "loop");
        var (exit, output, error) = Run("replay", "--trace", trace, "--hpa", WriteHpa(_dir, "q", "headroom_queue_depth"), "--fleet", WriteFleet(_dir),
            "--loop", "2", "--rate-scale", "0.5", "--time-scale", "2", "--out", outDir);
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(output);
        // Half the requests per pass (seeded draws), two passes, each twice as long.
        Assert.InRange(summary.RootElement.GetProperty("requests").GetInt64(), 26_400 * 0.95, 26_400 * 1.05);
        Assert.True(summary.RootElement.GetProperty("simulated_seconds").GetDouble() > 4 * 1800);
    }

    [Theory]
    [InlineData("--loop", "0", "--loop 0 must be at least 1")]
    [InlineData("--rate-scale", "-1", "--rate-scale -1 must be a positive number")]
    [InlineData("--slo-ttft", "soon", "--slo-ttft soon is not a positive duration")]
    public void Bad_options_are_named(string option, string value, string expected)
    {
        var trace = WriteBurstTrace(_dir);
        var (exit, _, error) = Run("replay", "--trace", trace, "--hpa", WriteHpa(_dir, "q", "headroom_queue_depth"), option, value, "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_bad_row_stops_the_replay_naming_its_line_or_is_skipped_and_counted()
    {
        var trace = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(trace, "timestamp,prompt_tokens,output_tokens\n0,100,10\n1,lots,10\n2,100,10\n");
        var hpa = WriteHpa(_dir, "q", "headroom_queue_depth");
        var (exit, _, error) = Run("replay", "--trace", trace, "--hpa", hpa, "--out", Path.Combine(_dir, "fail"));
        Assert.Equal(1, exit);
        Assert.Contains("bad.csv:3:", error);

        (exit, var output, error) = Run("replay", "--trace", trace, "--hpa", hpa, "--bad-rows", "skip", "--loop", "2", "--out", Path.Combine(_dir, "skip"));
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal(4, summary.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(2, summary.RootElement.GetProperty("skipped_rows").GetInt64());
    }

    [Fact]
    public void A_resource_metric_is_an_error_the_hpa_holds_on()
    {
        // The simulator has no cpu: the metric fails, every sync fails, and the scale stays at minReplicas.
        var hpa = Path.Combine(_dir, "cpu.yaml");
        File.WriteAllText(hpa, "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: llm}\nspec:\n" +
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}\n  minReplicas: 2\n  maxReplicas: 12\n");
        var (exit, output, error) = Run("replay", "--trace", WriteBurstTrace(_dir), "--hpa", hpa, "--fleet", WriteFleet(_dir), "--out", Path.Combine(_dir, "cpu"));
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal(0, summary.RootElement.GetProperty("scale_events").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("cold_starts").GetInt32());
    }

    // The oracle and every policy replay side by side, but a replay shares nothing with another: every output is what
    // replaying them in turn writes, but the wall time each took.
    [Fact]
    public void Compare_replays_side_by_side_with_the_results_of_replaying_in_turn()
    {
        var trace = WriteBurstTrace(_dir);
        var fleet = WriteFleet(_dir);
        string[] policies = ["--policy", WriteHpa(_dir, "desired", "headroom_desired_replicas"), "--policy", WriteHpa(_dir, "queue", "headroom_queue_depth")];
        string[] Files(string dir) => [.. Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order()];
        string Content(string path) => string.Join('\n', File.ReadLines(path).Where(l => !l.Contains("wall_seconds", StringComparison.Ordinal)));

        var inTurn = Run(["compare", "--trace", trace, "--fleet", fleet, .. policies, "--parallel", "1", "--out", Path.Combine(_dir, "in-turn")]);
        var sideBySide = Run(["compare", "--trace", trace, "--fleet", fleet, .. policies, "--parallel", "3", "--out", Path.Combine(_dir, "side-by-side")]);

        Assert.True(inTurn.Exit == 0, inTurn.Error);
        Assert.True(sideBySide.Exit == 0, sideBySide.Error);
        Assert.Equal(inTurn.Output, sideBySide.Output);
        Assert.Equal(inTurn.Error, sideBySide.Error);
        var files = Files(Path.Combine(_dir, "in-turn"));
        Assert.Equal(files, Files(Path.Combine(_dir, "side-by-side")));
        Assert.Contains(Path.Combine("desired", "timeline.csv"), files);
        foreach (var file in files)
            Assert.True(Content(Path.Combine(_dir, "in-turn", file)) == Content(Path.Combine(_dir, "side-by-side", file)), $"{file} differs");
        // The oracle's figures reach every policy's summary, as when it ran first.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "side-by-side", "summary.json")));
        Assert.All(summary.RootElement.EnumerateArray(), s => Assert.True(s.GetProperty("oracle_gpu_hours").GetDouble() > 0));
    }

    [Fact]
    public void A_parallelism_below_one_is_refused()
    {
        var (exit, _, error) = Run("replay", "--trace", WriteBurstTrace(_dir), "--hpa", WriteHpa(_dir, "desired", "headroom_desired_replicas"), "--parallel", "0",
            "--out", Path.Combine(_dir, "none"));

        Assert.Equal(2, exit);
        Assert.Contains("error: --parallel 0 must be at least 1", error);
    }

    internal static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = Program.BuildRootCommand().Parse(args);
        var exit = parse.Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
