using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

// What the HPA reads from the adapter's signals: values as MilliValue reads the served quantities; missing,
// stale or unserved metrics are errors (the HPA holds), never zero.
public sealed class SnapshotMetricsTests
{
    private static readonly WorkloadSpec Spec = new() { Name = "llm", Namespace = "sim" };
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddHours(1);

    private static WorkloadSignals Observed(DateTimeOffset at)
    {
        var values = new MetricValues();
        values.Set(CatalogMetric.DesiredReplicas, 3.0001);
        values.Set(CatalogMetric.QueueDepth, 7);
        var pods = new[] { ("a", 3.0), ("b", 4.0) }.Select(p =>
        {
            var v = new MetricValues();
            v.Set(CatalogMetric.QueueDepth, p.Item2);
            return new PodSignals(p.Item1, new Dictionary<string, string>(), null, v);
        }).ToArray();
        return new WorkloadSignals(Spec, at, null, values, pods, null);
    }

    private static MetricSpec Metric(MetricSourceType type, string name) => new(type, name, new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 1000));

    [Fact]
    public void External_metrics_get_the_workload_value_rounded_up_to_milli_units()
    {
        var sample = new SnapshotMetrics(Observed(Now), Now, TimeSpan.FromSeconds(30)).Read(Metric(MetricSourceType.External, "headroom_desired_replicas"));
        Assert.Equal(new TotalSample(3001), sample);
    }

    [Fact]
    public void Pods_metrics_get_each_ready_pods_value()
    {
        var sample = Assert.IsType<PerPodSample>(new SnapshotMetrics(Observed(Now), Now, TimeSpan.FromSeconds(30)).Read(Metric(MetricSourceType.Pods, "headroom_queue_depth")));
        Assert.Equal(3000, sample.ValuesMilli["a"]);
        Assert.Equal(4000, sample.ValuesMilli["b"]);
    }

    [Fact]
    public void Stale_unobserved_missing_and_unserved_metrics_are_errors()
    {
        var fresh = new SnapshotMetrics(Observed(Now), Now, TimeSpan.FromSeconds(30));
        Assert.IsType<FailedSample>(new SnapshotMetrics(Observed(Now.AddSeconds(-31)), Now, TimeSpan.FromSeconds(30)).Read(Metric(MetricSourceType.External, "headroom_desired_replicas")));
        Assert.IsType<FailedSample>(new SnapshotMetrics(WorkloadSignals.NotYetObserved(Spec), Now, TimeSpan.FromSeconds(30)).Read(Metric(MetricSourceType.External, "headroom_desired_replicas")));
        Assert.IsType<FailedSample>(fresh.Read(Metric(MetricSourceType.External, "headroom_token_demand_forecast")));
        Assert.IsType<FailedSample>(fresh.Read(Metric(MetricSourceType.External, "vllm:num_requests_waiting")));
        Assert.IsType<FailedSample>(fresh.Read(new MetricSpec(MetricSourceType.Resource, "cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80))));
        Assert.Null(new SnapshotMetrics(Observed(Now.AddSeconds(-31)), Now, TimeSpan.FromSeconds(30)).Value(CatalogMetric.QueueDepth));
        Assert.Equal(7, fresh.Value(CatalogMetric.QueueDepth));
    }
}
