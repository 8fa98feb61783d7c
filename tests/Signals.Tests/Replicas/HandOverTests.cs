using System.Text.Json;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Replicas;

/// <summary>
/// A pipeline with an owner observes only the workloads it owns, checkpoints what their trackers learn, and a
/// pipeline that takes a workload over continues from that checkpoint: learned capacity, cold starts and demand
/// history, not the priors.
/// </summary>
public sealed class HandOverTests
{
    private static readonly WorkloadSpec Chat = new()
    {
        Name = "chat",
        Namespace = "ml",
        TokensPerSecondPerReplica = 1000,
        PrefillTokensPerSecondPerReplica = 10_000,
        ColdStartPrior = TimeSpan.FromSeconds(60),
    };
    private static readonly WorkloadSpec Code = new() { Name = "code", Namespace = "ml" };
    // Ten-second forecast steps, so that a minute of cycles closes steps of demand history.
    private static readonly SignalOptions Options = new()
    {
        SmoothingWindow = TimeSpan.Zero,
        Forecast = new ForecastOptions { Step = TimeSpan.FromSeconds(10), MinHistory = TimeSpan.FromMinutes(1), Holdout = TimeSpan.FromSeconds(30) },
    };
    private static readonly DateTimeOffset Created = new(2024, 12, 31, 23, 0, 0, TimeSpan.Zero);

    private sealed class Ownership(params string[] owned) : IWorkloadOwnership
    {
        public HashSet<string> Owned { get; } = [.. owned];
        public WorkloadCheckpoint? Previous { get; set; }
        public List<WorkloadCheckpoint> Saved { get; } = [];
        public List<string> TakenOver { get; } = [];
        public TimeSpan CheckpointInterval => TimeSpan.FromSeconds(30);
        public bool Owns(WorkloadSpec workload) => Owned.Contains(workload.Name);
        public Task<WorkloadCheckpoint?> TakeOverAsync(WorkloadSpec workload, CancellationToken cancellationToken)
        {
            TakenOver.Add(workload.Name);
            return Task.FromResult(Previous);
        }
        public void Save(WorkloadCheckpoint checkpoint) => Saved.Add(checkpoint);
    }

    private static (SignalPipeline Pipeline, ScriptedSource Source, ManualTimeProvider Time) Rig(Ownership ownership, DateTimeOffset start)
    {
        var source = new ScriptedSource();
        var time = new ManualTimeProvider(start);
        return (new SignalPipeline([Chat, Code], source, Options, time, NullLogger<SignalPipeline>.Instance, ownership), source, time);
    }

    // A replica generating 1,200 tokens/s busy 30% of the time and 9,000 prompt tokens/s busy 60%: both priors too low.
    private static PodReading Busy(int cycle) => Pod("a", 1200.0 * 2 * cycle, 9000.0 * 2 * cycle, 0, running: 8, kvCache: 0.2, duty: 0.6);

    private static PodLifecycle Took(double total) => Lifecycle($"p{total}", Created, total * 0.1, total * 0.3, total * 0.6);

    [Fact]
    public async Task Only_owned_workloads_are_observed_and_published()
    {
        var ownership = new Ownership("chat");
        var (pipeline, source, time) = Rig(ownership, DateTimeOffset.UnixEpoch.AddDays(20_000));
        source.Then("chat", new WorkloadObservation(time.GetUtcNow(), [Busy(0)], [], null));

        var result = await pipeline.RunCycleAsync(CancellationToken.None);

        Assert.Equal(["chat"], result.Snapshot.Workloads.Select(w => w.Spec.Name));
        Assert.False(source.Calls.ContainsKey("code"));
        Assert.Equal(["chat"], ownership.TakenOver);
    }

    [Fact]
    public async Task A_workload_taken_over_continues_from_the_checkpoint_not_from_the_priors()
    {
        var start = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var first = new Ownership("chat");
        var (pipeline, source, time) = Rig(first, start);
        WorkloadSignals learned = null!;
        for (var cycle = 0; cycle < 60; cycle++)
        {
            var lifecycles = cycle == 1 ? new[] { Took(80), Took(90), Took(100), Took(110), Took(120) } : [];
            source.Then("chat", new WorkloadObservation(time.GetUtcNow(), [Busy(cycle)], lifecycles, null));
            learned = (await pipeline.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();
            time.Advance(Options.Interval);
        }
        Assert.True(learned.Decision!.DecodeCapacityLearned);
        Assert.True(learned.Decision.PrefillCapacityLearned);
        Assert.NotEqual(60, learned.Values[CatalogMetric.ColdStartSeconds]);
        // Checkpoints came at the interval (30 s of 2 s cycles), not every cycle.
        Assert.Equal(3, first.Saved.Count);

        // The owner goes: its last word is a hand-over checkpoint, and it stops observing.
        first.Owned.Clear();
        Assert.Empty((await pipeline.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads);
        var handed = first.Saved[^1];
        Assert.Equal(time.GetUtcNow(), handed.SavedAt);
        Assert.Equal(5, handed.ColdStarts.Count);
        Assert.NotNull(handed.Demand);
        Assert.True(handed.Demand!.Values.Count(v => v is not null) >= 10);

        // The next owner starts from it: an idle replica teaches nothing new, so the learned values are the checkpoint's.
        var next = new Ownership("chat") { Previous = handed };
        var (successor, nextSource, nextTime) = Rig(next, time.GetUtcNow());
        WorkloadSignals taken = null!;
        // Two cycles: a pod's first has no rate yet, so no decision.
        for (var cycle = 0; cycle < 2; cycle++)
        {
            nextSource.Then("chat", new WorkloadObservation(nextTime.GetUtcNow(), [Pod("b", 0, 0, 0, running: 0, kvCache: 0.1, duty: 0.1)], [], null));
            taken = (await successor.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();
            nextTime.Advance(Options.Interval);
        }

        Assert.True(taken.Decision!.DecodeCapacityLearned);
        Assert.True(taken.Decision.PrefillCapacityLearned);
        Assert.Equal(learned.Decision.DecodeCapacityPerReplica, taken.Decision.DecodeCapacityPerReplica, 9);
        Assert.Equal(learned.Decision.PrefillCapacityPerReplica, taken.Decision.PrefillCapacityPerReplica, 9);
        Assert.Equal(learned.Values[CatalogMetric.ColdStartSeconds], taken.Values[CatalogMetric.ColdStartSeconds]);
        Assert.Equal(learned.Decision.LeadTimeSeconds, taken.Decision.LeadTimeSeconds, 9);
        // The demand history came along: the successor's own checkpoint carries the same closed steps.
        next.Owned.Clear();
        await successor.RunCycleAsync(CancellationToken.None);
        Assert.Equal(handed.Demand.Values, next.Saved[^1].Demand!.Values.Take(handed.Demand.Values.Count));
        Assert.Equal(handed.Demand.FirstStep, next.Saved[^1].Demand!.FirstStep);
    }

    [Fact]
    public void A_checkpoint_from_elsewhere_is_checked_before_it_is_restored()
    {
        var sound = new WorkloadCheckpoint(1, "ml", "chat", DateTimeOffset.UnixEpoch, 12_000, 1100, [new ColdStartEntry("p1", 1, 2, 3)],
            new DemandSeries(DateTimeOffset.UnixEpoch, 60, [1f, null, 2f]));
        Assert.Empty(sound.Problems("ml", "chat"));

        Assert.Contains(sound.Problems("ml", "code"), p => p.Contains("belongs to ml/chat"));
        Assert.Contains((sound with { Version = 2 }).Problems("ml", "chat"), p => p.Contains("version 2"));
        Assert.Contains((sound with { DecodeTokensPerSecond = -1 }).Problems("ml", "chat"), p => p.Contains("decode capacity"));
        Assert.Contains((sound with { ColdStarts = [new ColdStartEntry("p1", -1, 2, 3)] }).Problems("ml", "chat"), p => p.Contains("pod p1"));
        Assert.Contains((sound with { Demand = new DemandSeries(DateTimeOffset.UnixEpoch, 60, [float.NaN]) }).Problems("ml", "chat"), p => p.Contains("demand history"));
        Assert.Empty((sound with { DispatchLoadFactor = 2.5 }).Problems("ml", "chat"));
        Assert.Contains((sound with { DispatchLoadFactor = 7 }).Problems("ml", "chat"), p => p.Contains("dispatch factor 7"));
        Assert.Contains((sound with { DispatchLoadFactor = double.NaN }).Problems("ml", "chat"), p => p.Contains("dispatch factor"));
    }

    [Fact]
    public async Task A_learned_dispatch_factor_is_handed_over_and_kept()
    {
        // A checkpoint written before the factor was kept has none, and reads as the prior's.
        var written = JsonSerializer.Serialize(new WorkloadCheckpoint(1, "ml", "chat", DateTimeOffset.UnixEpoch, null, null, [], null),
            ReplicaJsonContext.Default.WorkloadCheckpoint);
        Assert.DoesNotContain("dispatch", written, StringComparison.OrdinalIgnoreCase);
        Assert.Null(JsonSerializer.Deserialize(written, ReplicaJsonContext.Default.WorkloadCheckpoint)!.DispatchLoadFactor);

        var time = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var handed = new WorkloadCheckpoint(1, "ml", "chat", time, null, null, [], null, DispatchLoadFactor: 3.25);
        var next = new Ownership("chat") { Previous = handed };
        var (successor, source, clock) = Rig(next, time);
        WorkloadSignals taken = null!;
        for (var cycle = 0; cycle < 2; cycle++)
        {
            source.Then("chat", new WorkloadObservation(clock.GetUtcNow(), [Busy(cycle)], [], null));
            taken = (await successor.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();
            clock.Advance(Options.Interval);
        }

        Assert.True(taken.Decision!.DispatchLoadFactorLearned);
        Assert.Equal(3.25, taken.Decision.DispatchLoadFactor);
        next.Owned.Clear();
        await successor.RunCycleAsync(CancellationToken.None);
        Assert.Equal(3.25, next.Saved[^1].DispatchLoadFactor);
    }
}
