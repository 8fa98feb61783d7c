using System.Globalization;
using System.Text.Json;
using Headroom.Sim.Hpa;
using static Headroom.Sim.Tests.Replay.ReplayCommandTests;

namespace Headroom.Sim.Tests.Tune;

// tune end to end on a generated trace (10 minutes at 2 requests/s, 10 at 8, 10 at 2) with an HPA on GPU duty cycle:
// the manifest it prints is the cheapest of its trials that meets the objective, and replaying it gives the figures
// it printed.
public sealed class TuneCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-tune-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteTrace()
    {
        var lines = new List<string> { "timestamp,prompt_tokens,output_tokens" };
        var t = 0.0;
        foreach (var (rate, seconds) in new[] { (2.0, 600), (8.0, 600), (2.0, 600) })
        {
            var end = t + seconds;
            for (; t < end; t += 1 / rate) lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t:F3},1000,300"));
        }
        var path = Path.Combine(_dir, "trace.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private string WriteDutyHpa()
    {
        var path = Path.Combine(_dir, "duty.yaml");
        File.WriteAllText(path, "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: llm}\nspec:\n" +
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}\n  minReplicas: 1\n  maxReplicas: 12\n  metrics:\n" +
            "  - type: Pods\n    pods:\n      metric: {name: headroom_gpu_duty_cycle}\n      target: {type: AverageValue, averageValue: 700m}\n");
        return path;
    }

    [Fact]
    public void Prints_the_cheapest_trial_that_meets_the_objective_and_its_replay_agrees()
    {
        var trace = WriteTrace();
        var fleet = WriteFleet(_dir);
        var hpa = WriteDutyHpa();
        var (exit, output, error) = Run("tune", "--trace", trace, "--fleet", fleet, "--hpa", hpa, "--slo-ttft", "2s", "--windows", "0,300");
        Assert.True(exit == 0, error + output);

        var lines = output.Split('\n');
        var trials = lines.SkipWhile(l => l != "target,scale_down_window_s,slo_attainment,gpu_hours,slo_attainment_after_first_cold_start,too_many_replicas_s").Skip(1)
            .TakeWhile(l => !l.StartsWith('#')).Select(l => l.Split(',')).ToArray();
        Assert.True(trials.Length >= 2 * 13, $"13 grid targets per window, got {trials.Length} trials");
        Assert.Contains(trials, t => t[1] == "0");
        Assert.Contains(trials, t => t[1] == "300");
        var meeting = trials.Where(t => D(t[2]) >= 0.99).ToArray();
        Assert.NotEmpty(meeting);
        Assert.Contains(trials, t => D(t[2]) < 0.99); // the grid reaches past the objective on the cheap side
        var cheapest = meeting.MinBy(t => D(t[3]))!;

        var manifest = output[(output.IndexOf("apiVersion:", StringComparison.Ordinal))..];
        var spec = HpaSpecReader.Parse(manifest, scaleToZero: false);
        Assert.Equal("headroom_gpu_duty_cycle", spec.Metrics[0].Name);
        Assert.Equal(Milli(cheapest[0]), spec.Metrics[0].Target.AverageValueMilli);
        Assert.Contains($"stabilizationWindowSeconds: {cheapest[1]}", manifest);

        var tuned = Path.Combine(_dir, "tuned.yaml");
        File.WriteAllText(tuned, manifest);
        var outDir = Path.Combine(_dir, "replay");
        var replay = Run("replay", "--trace", trace, "--fleet", fleet, "--hpa", tuned, "--slo-ttft", "2s", "--out", outDir);
        Assert.True(replay.Exit == 0, replay.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(D(cheapest[2]), summary.RootElement.GetProperty("slo_attainment").GetDouble(), 4);
        Assert.Equal(D(cheapest[3]), summary.RootElement.GetProperty("gpu_hours").GetDouble(), 3);
    }

    // The grids of both windows replay side by side, then their halvings: the trials and the answer are those of
    // replaying them one after another.
    [Fact]
    public void Tuning_side_by_side_finds_what_tuning_in_turn_finds()
    {
        string[] args = ["tune", "--trace", WriteTrace(), "--fleet", WriteFleet(_dir), "--hpa", WriteDutyHpa(), "--slo-ttft", "2s", "--windows", "0,300"];

        var inTurn = Run([.. args, "--parallel", "1"]);
        var sideBySide = Run([.. args, "--parallel", "4"]);

        Assert.True(inTurn.Exit == 0, inTurn.Error);
        Assert.Equal(inTurn.Output, sideBySide.Output);
        Assert.Equal(inTurn.Error, sideBySide.Error);
    }

    [Fact]
    public void A_maximum_that_holds_every_target_back_is_named_when_none_meets_the_objective()
    {
        // The middle ten minutes need more than 2 replicas whatever the target: with maxReplicas 2, no trial meets the
        // objective, and the closest was held at the maximum.
        var hpa = WriteDutyHpa();
        File.WriteAllText(hpa, File.ReadAllText(hpa).Replace("maxReplicas: 12", "maxReplicas: 2"));
        var (exit, output, error) = Run("tune", "--trace", WriteTrace(), "--fleet", WriteFleet(_dir), "--hpa", hpa, "--slo-ttft", "2s", "--windows", "0");
        Assert.Equal(1, exit);
        var trials = output.Split('\n').SkipWhile(l => !l.StartsWith("target,", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        Assert.NotEmpty(trials);
        Assert.Contains(trials, t => D(t[5]) > 0);
        Assert.Contains("no target of headroom_gpu_duty_cycle tried meets", error);
        Assert.Contains("was held at maxReplicas 2 for", error);
    }

    [Fact]
    public void After_the_first_cold_start_judges_a_start_no_target_can_change_apart()
    {
        // A minute of 30,000-token prompts at 1/s on one warm replica, then 1,000-token prompts every 2 s: the first
        // minute misses whatever the target (the replicas it orders come after it), so judged on every request no
        // target meets 99%, and judged after the first cold start (90 s) the cheapest that does is printed.
        var trace = Path.Combine(_dir, "start.csv");
        var lines = new List<string> { "timestamp,prompt_tokens,output_tokens" };
        for (var t = 0; t < 60; t++) lines.Add($"{t},30000,10");
        for (var t = 60; t < 900; t += 2) lines.Add($"{t},1000,10");
        File.WriteAllLines(trace, lines);
        var fleet = WriteFleet(_dir);
        File.AppendAllText(fleet, "initialReplicas: 1\n");
        string[] args = ["tune", "--trace", trace, "--fleet", fleet, "--hpa", WriteDutyHpa(), "--slo-ttft", "2s", "--windows", "0"];

        var (exit, _, error) = Run(args);
        Assert.Equal(1, exit);
        Assert.Contains("note: Even the clairvoyant oracle meets only", error);
        Assert.Contains("tried meets 99.0 % of requests within", error);

        (exit, var output, error) = Run([.. args, "--after-first-cold-start"]);
        Assert.True(exit == 0, error + output);
        var trials = output.Split('\n').SkipWhile(l => !l.StartsWith("target,", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith('#')).Select(l => l.Split(',')).ToArray();
        Assert.All(trials, t => Assert.True(D(t[2]) < 0.99, string.Join(',', t)));
        var summary = output.Split('\n').Single(l => l.StartsWith('#'));
        Assert.StartsWith("# cheapest that meets 99.0 % of the requests after the first cold start (90 s): target ", summary);
        var chosen = trials.First(t => summary.Contains($"target {t[0]},", StringComparison.Ordinal));
        Assert.True(D(chosen[4]) >= 0.99);
        Assert.Equal(trials.Where(t => D(t[4]) >= 0.99).Min(t => D(t[3])), D(chosen[3]));
    }

    [Fact]
    public void An_hpa_with_two_metrics_is_refused_by_name()
    {
        var path = Path.Combine(_dir, "two.yaml");
        File.WriteAllText(path, "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: llm}\nspec:\n" +
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}\n  minReplicas: 1\n  maxReplicas: 12\n  metrics:\n" +
            "  - type: Pods\n    pods: {metric: {name: headroom_queue_depth}, target: {type: AverageValue, averageValue: \"4\"}}\n" +
            "  - type: Pods\n    pods: {metric: {name: headroom_gpu_duty_cycle}, target: {type: AverageValue, averageValue: 700m}}\n");
        var (exit, _, error) = Run("tune", "--trace", WriteBurstTrace(_dir), "--fleet", WriteFleet(_dir), "--hpa", path);
        Assert.Equal(1, exit);
        Assert.Contains("two.yaml: tune searches one metric's target; this HPA has 2", error);
    }

    [Theory]
    [InlineData("--windows", "soon", "--windows soon must be whole seconds")]
    [InlineData("--windows", "7200", "--windows 7200 must be whole seconds")]
    [InlineData("--attainment", "1.5", "--attainment 1.5 must be above 0 and at most 1")]
    public void Bad_options_are_refused(string option, string value, string message)
    {
        var (exit, _, error) = Run("tune", "--trace", WriteBurstTrace(_dir), "--fleet", WriteFleet(_dir),
            "--hpa", WriteHpa(_dir, "queue", "headroom_queue_depth"), option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static long Milli(string quantity) =>
        quantity.EndsWith('m') ? long.Parse(quantity[..^1], CultureInfo.InvariantCulture) : long.Parse(quantity, CultureInfo.InvariantCulture) * 1000;
}
