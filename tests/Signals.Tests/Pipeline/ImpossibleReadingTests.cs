using FsCheck;
using FsCheck.Xunit;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// The attack: a pod reports NaN, infinite, negative or out-of-range values, and a counter that runs backwards by
/// more than a reset would. Its readings are refused with a per-pod warning; sums over the workload go missing (so
/// the API answers 503 and the HPA holds) and means leave the pod out, instead of carrying the garbage, and no served value is ever negative or not finite.
/// </summary>
public sealed class ImpossibleReadingTests
{
    private static readonly WorkloadSpec Spec = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private static readonly SignalOptions Options = new() { SmoothingWindow = TimeSpan.Zero };

    [Theory]
    [InlineData(double.NaN, 0, 0, "generated tokens counter is not a number")]
    [InlineData(double.PositiveInfinity, 0, 0, "generated tokens counter is infinite")]
    [InlineData(-100, 0, 0, "generated tokens counter is negative")]
    [InlineData(100, -3, 0, "waiting requests is negative")]
    [InlineData(100, 0, 55, "KV-cache use is 55, above 1")]
    [InlineData(100, 0, double.NegativeInfinity, "KV-cache use is infinite")]
    public async Task A_pod_with_an_impossible_value_is_refused_with_its_reason_and_the_sums_go_missing(double counter, double waiting, double kv, string reason)
    {
        var logs = new ListLogger<SignalPipeline>();
        var rig = new PipelineRig(Options, logs, Spec);
        await rig.CycleAsync("chat", null, Pod("honest", 1000, waiting: 1, kvCache: 0.5), Pod("hostile", 1000, waiting: 1, kvCache: 0.5));
        var signals = await rig.CycleAsync("chat", null, Pod("honest", 1100, waiting: 1, kvCache: 0.5), Pod("hostile", counter, waiting: waiting, kvCache: kv));

        Assert.Contains(logs.Entries, e => e.Message.Contains("llm/hostile") && e.Message.Contains(reason));
        Assert.Null(signals.Values[CatalogMetric.QueueDepth]);
        // A mean is over the pods that could be read: the honest pod's, untouched by the hostile one's value.
        Assert.Equal(0.5, signals.Values[CatalogMetric.KvCacheUtilization]);
        Assert.Null(signals.Values[CatalogMetric.TokenThroughput]);
        var honest = signals.Pods.Single(p => p.Name == "honest");
        Assert.Equal(1, honest.Values[CatalogMetric.QueueDepth]);
        Assert.Equal(0.5, honest.Values[CatalogMetric.KvCacheUtilization]);
    }

    [Property(MaxTest = 200)]
    public async Task<bool> Whatever_a_pod_reports_no_served_value_is_negative_or_not_finite(double[] counters, double[] gauges, double gateway)
    {
        var rig = new PipelineRig(Options, Spec with { GatewayPool = "pool" });
        for (var i = 0; i < Math.Min(counters.Length, 6); i++)
        {
            var g = gauges.Length == 0 ? double.NaN : gauges[i % gauges.Length];
            await rig.CycleAsync("chat", gateway, Pod("p", counters[i], prompt: counters[i] * 2, waiting: g, running: g, kvCache: g, duty: g));
        }
        var snapshot = (await rig.Pipeline.RunCycleAsync(CancellationToken.None)).Snapshot;
        return snapshot.Workloads.SelectMany(w => MetricCatalog.All.Select(m => w.Values[m.Id]))
            .All(v => v is null || (double.IsFinite(v.Value) && v.Value >= 0));
    }
}
