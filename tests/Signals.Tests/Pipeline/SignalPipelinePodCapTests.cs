using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>signals.maxPodsPerWorkload: a workload past it is refused, logged once, and never stops the others.</summary>
public sealed class SignalPipelinePodCapTests
{
    private const int Cap = 3;
    private readonly ListLogger<SignalPipeline> _log = new();
    private readonly PipelineRig _rig;

    public SignalPipelinePodCapTests() =>
        _rig = new PipelineRig(new SignalOptions { MaxPodsPerWorkload = Cap }, _log,
            new WorkloadSpec { Name = "chat", Namespace = "ml" }, new WorkloadSpec { Name = "code", Namespace = "ml" });

    private static Sources.PodReading[] Pods(string workload, int count, int cycle) =>
        Enumerable.Range(0, count).Select(i => Pod($"{workload}-{i}", 100.0 * cycle, waiting: 1)).ToArray();

    [Fact]
    public async Task A_workload_over_the_cap_is_refused_and_logged_once_and_the_other_is_served()
    {
        _rig.Observe("chat", 0, Pods("chat", Cap, 0)).Observe("code", 0, Pods("code", 1, 0));
        await _rig.CycleAsync();
        var goodAt = _rig.Time.GetUtcNow();
        _rig.Observe("chat", 0, Pods("chat", Cap, 1)).Observe("code", 0, Pods("code", 1, 1));
        await _rig.CycleAsync();

        CycleResult result = null!;
        for (var cycle = 2; cycle < 5; cycle++)
        {
            _rig.Observe("chat", 0, Pods("chat", 10_000, cycle)).Observe("code", 0, Pods("code", 1, cycle));
            result = await _rig.CycleAsync();
        }

        var chat = result.Snapshot.Workloads.Single(w => w.Spec.Name == "chat");
        Assert.Equal(1, result.SourceFailures);
        Assert.Equal("10000 pods, over signals.maxPodsPerWorkload (3)", chat.LastError);
        // Last-known-good, from before the cap was hit: no pod of the oversized observation was kept.
        Assert.Equal(goodAt, chat.ObservedAt);
        Assert.Equal(Cap, chat.Pods.Count);
        Assert.Equal(3, chat.Values[CatalogMetric.QueueDepth]);
        var code = result.Snapshot.Workloads.Single(w => w.Spec.Name == "code");
        Assert.Null(code.LastError);
        Assert.Equal(_rig.Time.GetUtcNow() - _rig.Options.Interval, code.ObservedAt);

        var over = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(("ml", "chat", 10_000, Cap), (over.Values["Namespace"], over.Values["Workload"], over.Values["Pods"], over.Values["Cap"]));
        Assert.Contains("over signals.maxPodsPerWorkload", over.Message);

        _rig.Observe("chat", 0, Pods("chat", 2, 5)).Observe("code", 0, Pods("code", 1, 5));
        chat = (await _rig.CycleAsync()).Snapshot.Workloads.Single(w => w.Spec.Name == "chat");
        Assert.Null(chat.LastError);
        Assert.Equal(2, chat.Pods.Count);
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("back within signals.maxPodsPerWorkload"));
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
    }
}
