using System.Globalization;
using System.Text.Json;
using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Sim.Fleet;
using Headroom.Sim.Replay;
using Headroom.Sim.Tests.Replay;
using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Fleet;

// A fleet whose replicas are LeaderWorkerSet groups of one leader and three workers.
public sealed class LeaderWorkerSetFleetTests : IDisposable
{
    private static readonly FleetSpec Groups = FleetSpec.Default with
    {
        Model = FleetSpec.Default.Model with { GpusPerReplica = 4 },
        ColdStart = new ColdStartDistribution(30, 60),
        PodsPerReplica = 4,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-lws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_server_sees_four_labelled_pods_per_replica_and_answers_one_replica_per_group()
    {
        var fleet = Groups.Build(new NullSink(), 2);
        var workload = ReplaySetup.DefaultWorkload(Groups);
        Assert.Equal("leaderworkerset", workload.GroupBy);

        var source = new FleetSource(workload, Groups.PodsPerReplica);
        source.Set(fleet, 1);
        var raw = await source.ObserveAsync(workload, CancellationToken.None);
        Assert.Equal(["replica-0000", "replica-0000-1", "replica-0000-2", "replica-0000-3", "replica-0001", "replica-0001-1", "replica-0001-2", "replica-0001-3"],
            raw.Pods.Select(p => p.Name));
        Assert.Equal(["0", "0", "0", "0", "1", "1", "1", "1"], raw.Pods.Select(p => p.Labels["leaderworkerset.sigs.k8s.io/group-index"]));
        Assert.Equal(["0", "1", "2", "3", "0", "1", "2", "3"], raw.Pods.Select(p => p.Labels["leaderworkerset.sigs.k8s.io/worker-index"]));
        Assert.All(raw.Pods.Where(p => p.Labels["leaderworkerset.sigs.k8s.io/worker-index"] != "0"), p => Assert.Null(p.Engine.GenerationTokensTotal));

        // Two groups, 2 requests/s of 500 prompt and 100 output tokens: 200 generated tokens/s, read from the leaders only.
        var signals = new FleetSignals(workload, new SignalOptions(), Groups.PodsPerReplica);
        for (var i = 0; i < 240; i++)
        {
            var t = i * 0.5;
            fleet.Arrive(new SimRequest(t, 500, 100), t);
            if (i % 4 == 3)
            {
                fleet.RunUntil(t + 0.5);
                signals.Cycle(fleet, t + 0.5);
            }
        }
        Assert.Equal(["replica-0000", "replica-0001"], signals.Latest.Pods.Select(p => p.Name));
        Assert.Equal(2, signals.Metrics(120).Workload()!.Value.ReadyPods);
        Assert.InRange(signals.Latest.Values[CatalogMetric.TokenThroughput]!.Value, 200 * 0.9, 200 * 1.1);
    }

    [Fact]
    public void A_group_starts_when_its_slowest_pod_is_ready()
    {
        var single = new NumberedReplicas(Groups.ColdStart, seed: 7);
        var draws = Enumerable.Range(0, 4).Select(_ => single.ColdStart(100)).ToArray();
        var group = new NumberedReplicas(Groups.ColdStart, seed: 7, podsPerReplica: 4).ColdStart(100);
        Assert.Equal(100, group.Created);
        Assert.Equal(draws.Max(d => d.Ready), group.Ready);
        Assert.Equal(draws.Max(d => d.Initialized), group.Initialized);
    }

    [Fact]
    public async Task Each_pod_of_a_group_reports_its_own_start_up_and_the_server_starts_the_group_with_the_slowest()
    {
        var fleet = Groups.Build(new NullSink(), 0);
        fleet.ScaleTo(1, 0);
        var replica = Assert.Single(fleet.Replicas);
        fleet.RunUntil(replica.ReadyAt + 1);
        var workload = ReplaySetup.DefaultWorkload(Groups);
        var source = new FleetSource(workload, Groups.PodsPerReplica);
        source.Set(fleet, replica.ReadyAt + 1);
        var raw = await source.ObserveAsync(workload, CancellationToken.None);

        // The fleet's seeded draws, one per pod, leader first: each pod reports its own.
        var own = new NumberedReplicas(Groups.ColdStart, Groups.Seed, Groups.PodsPerReplica).ColdStartPods(0);
        Assert.Equal(["replica-0000", "replica-0000-1", "replica-0000-2", "replica-0000-3"], raw.Lifecycles.Select(l => l.Name));
        Assert.Equal(own.Select(p => (DateTimeOffset?)FleetSignals.At(p.Ready)), raw.Lifecycles.Select(l => l.Ready));
        Assert.Equal(own.Select(p => (DateTimeOffset?)FleetSignals.At(p.Initialized)), raw.Lifecycles.Select(l => l.Initialized));
        Assert.Equal(4, raw.Lifecycles.Select(l => l.Ready).Distinct().Count());

        // The group is the replica: ready with its slowest pod, as the fleet made it.
        var group = Assert.Single(ReplicaGroups.Apply(ReplicaGroups.LeaderWorkerSet, raw).Lifecycles);
        Assert.Equal("replica-0000", group.Name);
        Assert.Equal(FleetSignals.At(own.Max(p => p.Ready)), group.Ready);
        Assert.Equal(FleetSignals.At(replica.ReadyAt), group.Ready);
        Assert.Equal(FleetSignals.At(own.Max(p => p.Initialized)), group.Initialized);
    }

    [Fact]
    public void A_replay_counts_groups_as_replicas_and_every_gpu_of_a_group()
    {
        var trace = ReplayCommandTests.WriteBurstTrace(_dir);
        var hpa = ReplayCommandTests.WriteHpa(_dir, "desired", "headroom_desired_replicas");
        var fleet = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(fleet, "podsPerReplica: 4\ngpusPerReplica: 4\ndecodeStepBaseMs: 10\ndecodeStepPerSequenceMs: 1\nmaxBatch: 32\n" +
            "prefillTokensPerSecond: 20000\ncoldStart: {p50: 60s, p90: 90s}\n");
        var outDir = Path.Combine(_dir, "out");
        var (exit, _, error) = ReplayCommandTests.Run("replay", "--trace", trace, "--hpa", hpa, "--fleet", fleet, "--no-oracle", "--out", outDir);
        Assert.True(exit == 0, error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var s = summary.RootElement;
        Assert.Equal(4, s.GetProperty("gpus_per_replica").GetInt32());
        var replicaHours = s.GetProperty("replica_seconds").GetDouble() / 3600;
        Assert.Equal(4 * replicaHours, s.GetProperty("gpu_hours").GetDouble(), 9);
        // replicas.csv and the timeline count groups: one row per group started, and the burst needs several groups, not 4x as many.
        var replicas = File.ReadAllLines(Path.Combine(outDir, "replicas.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(1 + s.GetProperty("cold_starts").GetInt32(), replicas.Length);
        Assert.All(replicas, name => Assert.Matches("^replica-[0-9]{4}$", name));
        var timeline = File.ReadAllLines(Path.Combine(outDir, "timeline.csv"));
        var ready = timeline[0].Split(',').ToList().IndexOf("ready");
        var burst = timeline.Skip(1).Select(l => l.Split(',')).Where(r => double.Parse(r[0], CultureInfo.InvariantCulture) is > 900 and < 1200)
            .Max(r => int.Parse(r[ready], CultureInfo.InvariantCulture));
        Assert.InRange(burst, 2, 12);
    }

    [Fact]
    public void A_group_fleet_with_a_workload_that_does_not_group_is_refused()
    {
        var fleet = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(fleet, "podsPerReplica: 4\ngpusPerReplica: 4\n");
        var config = Path.Combine(_dir, "headroom.yaml");
        File.WriteAllText(config, File.ReadAllText(Path.Combine(FleetSpecReaderTests.RepoRoot(), "sim", "examples", "headroom-70b.yaml")));
        var (exit, _, error) = ReplayCommandTests.Run("replay", "--trace", ReplayCommandTests.WriteBurstTrace(_dir), "--hpa",
            ReplayCommandTests.WriteHpa(_dir, "desired", "headroom_desired_replicas"), "--fleet", fleet, "--config", config, "--no-oracle", "--out", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("groups of 4 pods (podsPerReplica); workload llm needs groupBy: leaderworkerset", error);
    }
}
