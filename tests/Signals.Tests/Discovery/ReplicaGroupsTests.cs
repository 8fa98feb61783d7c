using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Discovery;

/// <summary>
/// Pods of a multi-host workload grouped into replicas (<c>groupBy</c>): a LeaderWorkerSet group of one leader and
/// three workers is one replica, read from its leader, with the GPU duty cycle of all four pods, ready and started
/// when the last of them is.
/// </summary>
public sealed class ReplicaGroupsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A LeaderWorkerSet pod as the controller labels it; only the leader (worker 0) serves and reports the engine.
    private static PodReading Lws(string set, int group, int worker, double duty, bool ready = true) =>
        new($"{set}-{group}" + (worker == 0 ? "" : $"-{worker}"),
            new Dictionary<string, string>
            {
                ["app"] = set,
                ["leaderworkerset.sigs.k8s.io/name"] = set,
                ["leaderworkerset.sigs.k8s.io/group-index"] = $"{group}",
                ["leaderworkerset.sigs.k8s.io/worker-index"] = $"{worker}",
            },
            $"node-{group}-{worker}", ready,
            worker == 0 ? new EngineReading(5000, 20000, 3, 12, 0.5, duty) : EngineReading.None with { GpuDutyCycle = duty });

    private static WorkloadObservation Observation(params PodReading[] pods) => new(T0, pods, [], null);

    [Fact]
    public void A_group_of_a_leader_and_three_workers_is_one_replica_read_from_its_leader_with_every_gpu()
    {
        var grouped = ReplicaGroups.Apply(ReplicaGroups.LeaderWorkerSet, Observation(
            Lws("llama", 0, 2, 0.6), Lws("llama", 0, 0, 0.9), Lws("llama", 0, 1, 0.7), Lws("llama", 0, 3, 0.8),
            Lws("llama", 1, 0, 0.2), Lws("llama", 1, 1, 0.4), Lws("llama", 1, 2, 0.2), Lws("llama", 1, 3, 0.4)));

        Assert.Equal(["llama-0", "llama-1"], grouped.Pods.Select(p => p.Name).Order());
        var first = grouped.Pods.Single(p => p.Name == "llama-0");
        Assert.True(first.Ready);
        Assert.Equal(new EngineReading(5000, 20000, 3, 12, 0.5, 0.75), first.Engine);
        Assert.Equal(0.3, grouped.Pods.Single(p => p.Name == "llama-1").Engine.GpuDutyCycle!.Value, 12);
        Assert.Equal("node-0-0", first.Node);
    }

    [Fact]
    public void A_group_is_ready_only_when_every_member_is_and_without_its_leader_it_is_not_ready_and_reads_nothing()
    {
        var grouped = ReplicaGroups.Apply(ReplicaGroups.LeaderWorkerSet, Observation(
            Lws("llama", 0, 0, 0.9), Lws("llama", 0, 1, 0.7, ready: false),
            Lws("llama", 1, 1, 0.4), Lws("llama", 1, 2, 0.4)));

        var starting = grouped.Pods.Single(p => p.Name == "llama-0");
        Assert.False(starting.Ready);
        var leaderless = grouped.Pods.Single(p => p.Name == "llama-1-1");
        Assert.False(leaderless.Ready);
        Assert.Equal(EngineReading.None, leaderless.Engine);
    }

    [Fact]
    public void A_groups_start_up_runs_from_its_first_member_created_to_its_last_member_ready()
    {
        PodLifecycle Life(string pod, double created, double? ready) =>
            new(pod, T0.AddSeconds(created), T0.AddSeconds(created + 1), T0.AddSeconds(created + 2),
                ready is null ? null : T0.AddSeconds(ready.Value), ready is null ? null : T0.AddSeconds(ready.Value));
        var observation = Observation(Lws("llama", 0, 0, 0.9), Lws("llama", 0, 1, 0.7), Lws("llama", 0, 2, 0.7)) with
        {
            Lifecycles = [Life("llama-0", 0, 300), Life("llama-0-1", 5, 420), Life("llama-0-2", 8, 360)],
        };

        var lifecycle = Assert.Single(ReplicaGroups.Apply(ReplicaGroups.LeaderWorkerSet, observation).Lifecycles);

        Assert.Equal("llama-0", lifecycle.Name);
        Assert.Equal(T0, lifecycle.Created);
        Assert.Equal(T0.AddSeconds(420), lifecycle.Ready);
        var starting = observation with { Lifecycles = [Life("llama-0", 0, 300), Life("llama-0-1", 5, null)] };
        Assert.Null(Assert.Single(ReplicaGroups.Apply(ReplicaGroups.LeaderWorkerSet, starting).Lifecycles).Ready);
    }

    [Fact]
    public void With_a_label_key_the_pods_sharing_its_value_are_a_replica_led_by_the_first_name()
    {
        PodReading Pod(string name, string replica, double? generation, double duty) =>
            new(name, new Dictionary<string, string> { ["replica"] = replica }, null, true, new EngineReading(generation, null, 1, 1, 0.1, duty));

        var grouped = ReplicaGroups.Apply("replica", Observation(Pod("r-a-1", "a", null, 0.4), Pod("r-a-0", "a", 100, 0.8), Pod("lone", "", 7, 0.5)
            with
        { Labels = new Dictionary<string, string>() }));

        Assert.Equal(["lone", "r-a-0"], grouped.Pods.Select(p => p.Name).Order());
        Assert.Equal(new EngineReading(100, null, 1, 1, 0.1, 0.6000000000000001), grouped.Pods.Single(p => p.Name == "r-a-0").Engine);
    }

    [Fact]
    public async Task The_pipeline_counts_groups_as_replicas()
    {
        var scripted = new ScriptedSource();
        var spec = new WorkloadSpec { Name = "llama", Namespace = "llm", Selector = "app=llama", Source = SourceKind.Scrape, GroupBy = ReplicaGroups.LeaderWorkerSet };
        var time = new ManualTimeProvider();
        var pipeline = new SignalPipeline([spec], new SourceRouter(new Dictionary<SourceKind, IWorkloadSource> { [SourceKind.Scrape] = scripted }),
            new SignalOptions(), time, NullLogger<SignalPipeline>.Instance);
        PodReading[] Group(double generated)
        {
            var leader = Lws("llama", 0, 0, 0.9);
            return [leader with { Engine = leader.Engine with { GenerationTokensTotal = generated } }, Lws("llama", 0, 1, 0.7), Lws("llama", 0, 2, 0.8), Lws("llama", 0, 3, 0.6)];
        }
        scripted.Then("llama", new WorkloadObservation(time.GetUtcNow(), Group(5000), [], null));
        await pipeline.RunCycleAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        scripted.Then("llama", new WorkloadObservation(time.GetUtcNow(), Group(6000), [], null));

        var signals = (await pipeline.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();

        Assert.Equal("llama-0", Assert.Single(signals.Pods).Name);
        Assert.Equal(1, signals.Decision?.ReadyReplicas);
    }
}
