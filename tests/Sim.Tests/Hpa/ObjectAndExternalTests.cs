using Headroom.Sim.Hpa;
using static Headroom.Sim.Tests.Support.Build;

namespace Headroom.Sim.Tests.Hpa;

// Object and External metrics: one value for the whole metric. horizontal.go computeStatusForObjectMetric
// and computeStatusForExternalMetric pick the calculation; replica_calculator.go does it.
public sealed class ObjectAndExternalTests
{
    [Fact]
    public void An_object_value_target_scales_the_ready_pods_by_the_ratio()
    {
        // GetObjectMetricReplicas → getUsageRatioReplicaCount: 250/100 = 2.5, ceil(2.5 × 2 ready pods) = 5.
        var decision = FirstSync(Spec(1, 10, Object(value: 100_000)), 2, Pods(2), MetricSample.Total(250_000));

        Assert.Equal(5, decision.Proposal);
    }

    [Fact]
    public void A_value_target_counts_only_running_ready_pods()
    {
        // getUsageRatioReplicaCount multiplies by getReadyPodsCount, not the current count: 200/100 = 2.0 and
        // 3 of the 4 pods are ready, so ceil(2.0 × 3) = 6.
        var pods = Pods(4);
        pods[3] = pods[3] with { Ready = false };
        var decision = FirstSync(Spec(1, 10, Object(value: 100_000)), 4, pods, MetricSample.Total(200_000));

        Assert.Equal(6, decision.Proposal);
    }

    [Fact]
    public void An_object_average_value_target_divides_the_value_by_the_target()
    {
        // GetObjectPerPodMetricReplicas: ratio 55/(10 × 3 status replicas) = 1.83, outside the tolerance, so
        // ceil(55/10) = ceil(5.5) = 6, whatever the pods.
        var decision = FirstSync(Spec(1, 10, Object(averageValue: 10_000)), 3, Pods(3), MetricSample.Total(55_000));

        Assert.Equal(6, decision.Proposal);
    }

    [Fact]
    public void An_external_value_target_scales_the_ready_pods_by_the_ratio()
    {
        // GetExternalMetricReplicas → getUsageRatioReplicaCount: 300/100 = 3.0, ceil(3.0 × 3) = 9.
        var decision = FirstSync(Spec(1, 10, External(value: 100_000)), 3, Pods(3), MetricSample.Total(300_000));

        Assert.Equal(9, decision.Proposal);
    }

    [Fact]
    public void An_external_average_value_target_divides_the_total_by_the_target()
    {
        // GetExternalPerPodMetricReplicas: ratio 95/(10 × 4) = 2.375, outside the tolerance, so ceil(95/10) = 10.
        var decision = FirstSync(Spec(1, 20, External(averageValue: 10_000)), 4, Pods(4), MetricSample.Total(95_000));

        Assert.Equal(10, decision.Proposal);
    }

    [Fact]
    public void An_external_average_value_target_judges_the_tolerance_against_status_replicas()
    {
        // GetExternalPerPodMetricReplicas: 42/(10 × 4) = 1.05 is within the tolerance, so status.replicas, 4 —
        // not ceil(42/10) = 5.
        var decision = FirstSync(Spec(1, 20, External(averageValue: 10_000)), 4, Pods(4), MetricSample.Total(42_000));

        Assert.Equal(4, decision.Proposal);
    }
}
