using System.Globalization;
using System.Text.Json;
using static Headroom.Sim.Tests.Replay.ReplayCommandTests;

namespace Headroom.Sim.Tests.Replay;

// replay --scaledobject: the KEDA model, reading Headroom's signals through the same metadata parser and activity
// rule as the adapter's external scaler, scales a workload from zero on the generated burst trace and back to zero.
public sealed class KedaReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-keda-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteScaledObject(string name, string trigger)
    {
        var path = Path.Combine(_dir, name + ".yaml");
        File.WriteAllText(path, $"""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {"{"}name: llm, namespace: default{"}"}
            spec:
              scaleTargetRef: {"{"}name: llm{"}"}
              pollingInterval: 15
              cooldownPeriod: 120
              minReplicaCount: 0
              maxReplicaCount: 12
              fallback: {"{"}failureThreshold: 3, replicas: 2{"}"}
              triggers:
            {trigger}
            """);
        return path;
    }

    // 5 minutes at 2 requests/s, 10 minutes of silence, 1 minute at 2 requests/s.
    private string WriteGapTrace()
    {
        var lines = new List<string> { "timestamp,prompt_tokens,output_tokens" };
        foreach (var (from, to) in new[] { (0, 300), (900, 960) })
            for (var t = (double)from; t < to; t += 0.5) lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t:F3},1000,300"));
        var path = Path.Combine(_dir, "gap.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    // With gatewayPool, requests held while no replica is ready are the workload's queue, as an Inference Extension gateway reports it.
    private string WriteConfig(bool gateway)
    {
        var path = Path.Combine(_dir, gateway ? "gateway.yaml" : "plain.yaml");
        // KEDA's cooldown stabilizes scale-down here, so the planner holds only for a lead time.
        File.WriteAllText(path, "prometheus: {url: http://127.0.0.1:9090}\nworkloads:\n  - {name: llm, namespace: default, selector: app=llm, scaleDownStabilization: 0s" +
            (gateway ? ", gatewayPool: llm-pool}\n" : "}\n"));
        return path;
    }

    private (double Time, int Desired, int Ready)[] Replay(bool gateway, string name)
    {
        var so = WriteScaledObject("keda", """
              - type: external
                metadata: {scalerAddress: "headroom:9443", workload: llm, metric: headroom_desired_replicas}
            """);
        var outDir = Path.Combine(_dir, name);
        var (exit, _, error) = Run("replay", "--trace", WriteGapTrace(), "--scaledobject", so, "--fleet", WriteFleet(_dir), "--config", WriteConfig(gateway), "--out", outDir);
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal(s.GetProperty("requests").GetInt64(), s.GetProperty("completed").GetInt64() + s.GetProperty("dropped").GetInt64());
        var timeline = File.ReadAllLines(Path.Combine(outDir, "timeline.csv"));
        var column = timeline[0].Split(',').ToList();
        return timeline.Skip(1).Select(l => l.Split(',')).Select(r => (
            double.Parse(r[0], CultureInfo.InvariantCulture),
            int.Parse(r[column.IndexOf("desired_replicas")], CultureInfo.InvariantCulture),
            int.Parse(r[column.IndexOf("ready")], CultureInfo.InvariantCulture))).ToArray();
    }

    [Fact]
    public void Headrooms_external_scaler_takes_the_workload_to_zero_in_the_silence_and_wakes_it_on_the_gateway_queue()
    {
        var rows = Replay(gateway: true, "gateway");
        Assert.True(rows.Where(r => r.Time < 300).Max(r => r.Ready) >= 1);
        // Idle from 300 s: the planner keeps what the last lead time's traffic would need at an onset for a lead time
        // (about three minutes here), its window holds that for another, then after cooldownPeriod 120 s of inactive
        // polls KEDA scales to zero.
        Assert.All(rows.Where(r => r.Time is > 860 and < 900), r => Assert.Equal((0, 0), (r.Desired, r.Ready)));
        // The first request at 900 s waits at the gateway; the next 15 s poll finds it queued and activates.
        Assert.True(rows.First(r => r.Time >= 915).Desired >= 1);
        Assert.True(rows.Where(r => r.Time > 900).Max(r => r.Ready) >= 1, "the woken replica should become ready");
    }

    [Fact]
    public void Without_a_queue_signal_at_zero_nothing_can_wake_the_workload()
    {
        // No gateway queue is configured: with no pod, nothing reports the waiting requests, so IsActive stays false.
        var rows = Replay(gateway: false, "plain");
        Assert.All(rows.Where(r => r.Time > 860), r => Assert.Equal(0, r.Desired));
    }

    [Fact]
    public void Compare_runs_an_HPA_and_a_ScaledObject_side_by_side()
    {
        var so = WriteScaledObject("keda", """
              - type: external-push
                metadata: {scalerAddress: "headroom:9443", workload: llm, metric: headroom_queue_depth, target: "4"}
            """);
        var hpa = WriteHpa(_dir, "hpa", "headroom_queue_depth");
        var (exit, output, error) = Run("compare", "--trace", WriteBurstTrace(_dir), "--policy", hpa, "--policy", so, "--fleet", WriteFleet(_dir), "--out", Path.Combine(_dir, "cmp"));
        Assert.True(exit == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.Equal(["hpa", "keda"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Max_replica_count_holding_the_HPA_KEDA_made_is_its_ScalingLimited_condition_between_syncs_too()
    {
        // KEDA polls every 5 s and its HPA syncs every 15 s: the condition the HPA set holds on the ticks between.
        var so = WriteScaledObject("keda", """
              - type: external
                metadata: {scalerAddress: "headroom:9443", workload: llm, metric: headroom_desired_replicas}
            """);
        File.WriteAllText(so, File.ReadAllText(so).Replace("maxReplicaCount: 12", "maxReplicaCount: 2").Replace("pollingInterval: 15", "pollingInterval: 5"));
        var outDir = Path.Combine(_dir, "capped");
        var (exit, _, error) = Run("replay", "--trace", WriteBurstTrace(_dir), "--scaledobject", so, "--fleet", WriteFleet(_dir), "--no-oracle", "--out", outDir);
        Assert.True(exit == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.True(summary.RootElement.GetProperty("too_many_replicas_seconds").GetDouble() >= 60);
        Assert.Equal(2, summary.RootElement.GetProperty("held_at_max_replicas").GetInt32());
        var timeline = File.ReadAllLines(Path.Combine(outDir, "timeline.csv"));
        var limitedAt = Array.IndexOf(timeline[0].Split(','), "scaling_limited");
        var rows = timeline.Skip(1).Select(l => l.Split(',')).Select(f => (At: double.Parse(f[0], CultureInfo.InvariantCulture), Limited: f[limitedAt])).ToArray();
        Assert.Contains(rows.Zip(rows.Skip(1)), p => p.First.Limited == "TooManyReplicas" && p.Second.Limited == "TooManyReplicas" && p.Second.At - p.First.At == 5);
        // Named by the field a ScaledObject's author wrote, not the HPA's that KEDA made from it.
        Assert.Contains("note: keda: maxReplicaCount held the scale at 2", error);
        Assert.Contains("raise maxReplicaCount to see", error);
    }

    [Theory]
    [InlineData("      - type: external\n        metadata: {workload: llm, metric: tokens, target: \"1\"}\n", "scalerMetadata.metric")]
    [InlineData("      - type: external\n        metadata: {workload: llm, activationThreshold: \"1\"}\n", "scalerMetadata.activationThreshold")]
    public void A_trigger_Headroom_would_refuse_stops_the_replay_naming_the_key(string trigger, string key)
    {
        var so = WriteScaledObject("bad", trigger);
        var (exit, _, error) = Run("replay", "--trace", WriteBurstTrace(_dir), "--scaledobject", so, "--out", Path.Combine(_dir, "bad-out"));
        Assert.Equal(1, exit);
        Assert.Contains("bad.yaml: spec.triggers[0].metadata: " + key, error);
    }

    [Fact]
    public void Replay_takes_exactly_one_policy()
    {
        var (exit, _, error) = Run("replay", "--trace", WriteBurstTrace(_dir), "--out", Path.Combine(_dir, "none"));
        Assert.Equal(2, exit);
        Assert.Contains("exactly one of --hpa and --scaledobject", error);
    }
}
