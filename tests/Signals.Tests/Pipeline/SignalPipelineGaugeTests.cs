using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>Gauges through the whole pipeline: duty cycle, KV cache and queues.</summary>
public class SignalPipelineGaugeTests
{
    private const string Chat = "chat";
    private readonly PipelineRig _rig = new(new SignalOptions(), new WorkloadSpec { Name = Chat, Namespace = "ml" });

    private static double? Of(WorkloadSignals w, string pod, CatalogMetric metric) =>
        w.Pods.Single(p => p.Name == pod).Values[metric];

    [Fact]
    public async Task Duty_cycle_is_the_mean_of_the_ready_pods()
    {
        var w = await _rig.CycleAsync(Chat, null, Pod("a", 0, duty: 0.5), Pod("b", 0, duty: 0.7), Pod("c", 0, duty: 0.1, ready: false));

        Assert.Equal(0.6, w.Values[CatalogMetric.GpuDutyCycle]!.Value, 9);
        Assert.Equal(0.7, Of(w, "b", CatalogMetric.GpuDutyCycle)!.Value, 9);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public async Task A_duty_cycle_outside_zero_to_one_is_dropped_not_clamped(double garbage)
    {
        var w = await _rig.CycleAsync(Chat, null, Pod("a", 0, duty: 0.5), Pod("b", 0, duty: garbage));

        Assert.Null(Of(w, "b", CatalogMetric.GpuDutyCycle));
        Assert.Equal(0.5, w.Values[CatalogMetric.GpuDutyCycle]!.Value, 9);
    }

    [Fact]
    public async Task A_kv_cache_use_outside_zero_to_one_is_dropped_not_clamped()
    {
        var w = await _rig.CycleAsync(Chat, null, Pod("a", 0, kvCache: 0.4), Pod("b", 0, kvCache: 1.2));

        Assert.Null(Of(w, "b", CatalogMetric.KvCacheUtilization));
        Assert.Equal(0.4, w.Values[CatalogMetric.KvCacheUtilization]!.Value, 9);
    }

    [Fact]
    public async Task Gauges_are_smoothed_over_time()
    {
        await _rig.CycleAsync(Chat, null, Pod("a", 0, duty: 0.2));

        var w = await _rig.CycleAsync(Chat, null, Pod("a", 0, duty: 1.0));

        Assert.Equal(0.2 + (1 - Math.Exp(-2.0 / 10)) * 0.8, w.Values[CatalogMetric.GpuDutyCycle]!.Value, 9);
    }

    [Fact]
    public async Task Queue_depth_is_the_pods_waiting_requests_plus_the_gateway_queue()
    {
        var w = await _rig.CycleAsync(Chat, 5, Pod("a", 0, waiting: 2), Pod("b", 0, waiting: 3), Pod("c", 0, waiting: 40, ready: false));

        Assert.Equal(10, w.Values[CatalogMetric.QueueDepth]);
        Assert.Equal(2, Of(w, "a", CatalogMetric.QueueDepth));
        Assert.Equal(3, Of(w, "b", CatalogMetric.QueueDepth));
    }

    [Fact]
    public async Task Without_a_gateway_queue_depth_is_the_pods_waiting_requests()
    {
        var w = await _rig.CycleAsync(Chat, null, Pod("a", 0, waiting: 2), Pod("b", 0, waiting: 3));

        Assert.Equal(5, w.Values[CatalogMetric.QueueDepth]);
    }

    [Fact]
    public async Task A_pod_that_does_not_report_its_queue_makes_queue_depth_missing()
    {
        var w = await _rig.CycleAsync(Chat, 5, Pod("a", 0, waiting: 2), Pod("b", 0, waiting: null));

        Assert.Null(w.Values[CatalogMetric.QueueDepth]);
    }

    [Fact]
    public async Task With_no_ready_pods_queue_depth_is_the_gateway_queue()
    {
        var w = await _rig.CycleAsync(Chat, 7, Pod("a", 0, waiting: 3, ready: false));

        Assert.Equal(7, w.Values[CatalogMetric.QueueDepth]);
    }

    [Fact]
    public async Task Running_requests_are_summed_over_ready_pods()
    {
        var w = await _rig.CycleAsync(Chat, null, Pod("a", 0, running: 6), Pod("b", 0, running: 9));

        Assert.Equal(15, w.Values[CatalogMetric.RunningRequests]);
    }
}
