using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>A source failing for one workload: last-known-good for it, business as usual for the others.</summary>
public class SignalPipelineFailureTests
{
    private readonly PipelineRig _rig = new(new SignalOptions(),
        new WorkloadSpec { Name = "chat", Namespace = "ml" },
        new WorkloadSpec { Name = "code", Namespace = "ml" });

    private static double Counter(double perSecond, int cycle) => perSecond * 2 * cycle;

    private PipelineRig Healthy(string workload, int cycle, double perSecond) =>
        _rig.Observe(workload, 0, Pod($"{workload}-0", Counter(perSecond, cycle), waiting: 1));

    private static WorkloadSignals Get(CycleResult result, string name) =>
        result.Snapshot.Workloads.Single(w => w.Spec.Name == name);

    [Fact]
    public async Task A_failing_source_keeps_last_known_good_values_and_does_not_stop_the_other_workload()
    {
        Healthy("chat", 0, 100); Healthy("code", 0, 50);
        await _rig.CycleAsync();
        var goodAt = _rig.Time.GetUtcNow();
        Healthy("chat", 1, 100); Healthy("code", 1, 50);
        var good = await _rig.CycleAsync();

        _rig.Source.ThenFail("chat", "metrics endpoint timed out");
        Healthy("code", 2, 50);
        var failedAt = _rig.Time.GetUtcNow();
        var result = await _rig.CycleAsync();

        var chat = Get(result, "chat");
        Assert.Equal(1, result.SourceFailures);
        Assert.Equal("metrics endpoint timed out", chat.LastError);
        Assert.Equal(goodAt, chat.ObservedAt);
        Assert.Equal(100, chat.Values[CatalogMetric.TokenThroughput]!.Value, 9);
        Assert.Equal(1, chat.Values[CatalogMetric.QueueDepth]);
        Assert.Equal(Get(good, "chat").Values[CatalogMetric.DesiredReplicas], chat.Values[CatalogMetric.DesiredReplicas]);
        Assert.Equal(["chat-0"], chat.Pods.Select(p => p.Name));

        var code = Get(result, "code");
        Assert.Null(code.LastError);
        Assert.Equal(failedAt, code.ObservedAt);
        Assert.Equal(50, code.Values[CatalogMetric.TokenThroughput]!.Value, 9);
        Assert.Equal(failedAt, result.Snapshot.BuiltAt);
    }

    [Fact]
    public async Task After_recovering_the_error_clears_and_the_rate_spans_the_failed_cycle()
    {
        Healthy("chat", 0, 100); Healthy("code", 0, 50);
        await _rig.CycleAsync();
        Healthy("chat", 1, 100); Healthy("code", 1, 50);
        await _rig.CycleAsync();
        _rig.Source.ThenFail("chat", "boom");
        Healthy("code", 2, 50);
        await _rig.CycleAsync();

        // Cycle 3: chat's counter is 600, 400 more than at its last success 4 s ago: still 100 per second.
        Healthy("chat", 3, 100); Healthy("code", 3, 50);
        var recoveredAt = _rig.Time.GetUtcNow();
        var result = await _rig.CycleAsync();

        var chat = Get(result, "chat");
        Assert.Equal(0, result.SourceFailures);
        Assert.Null(chat.LastError);
        Assert.Equal(recoveredAt, chat.ObservedAt);
        Assert.Equal(100, chat.Values[CatalogMetric.TokenThroughput]!.Value, 9);
    }

    [Fact]
    public async Task A_source_that_fails_from_the_start_serves_nothing_but_the_error()
    {
        _rig.Source.ThenFail("chat", "no such deployment");
        Healthy("code", 0, 50);

        var result = await _rig.CycleAsync();

        var chat = Get(result, "chat");
        Assert.Equal(1, result.SourceFailures);
        Assert.Equal("no such deployment", chat.LastError);
        Assert.Null(chat.ObservedAt);
        Assert.Empty(chat.Pods);
        Assert.All(MetricCatalog.All, m => Assert.Null(chat.Values[m.Id]));
        Assert.NotNull(Get(result, "code").ObservedAt);
    }

    [Fact]
    public async Task Both_workloads_failing_are_both_counted()
    {
        _rig.Source.ThenFail("chat", "a");
        _rig.Source.ThenFail("code", "b");

        var result = await _rig.CycleAsync();

        Assert.Equal(2, result.SourceFailures);
        Assert.Equal("a", Get(result, "chat").LastError);
        Assert.Equal("b", Get(result, "code").LastError);
    }
}
