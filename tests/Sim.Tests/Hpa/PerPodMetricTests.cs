using Headroom.Sim.Hpa;
using static Headroom.Sim.Tests.Support.Build;

namespace Headroom.Sim.Tests.Hpa;

// Proposals of per-pod metrics (Pods, and Resource with an AverageValue target): replica_calculator.go
// calcPlainMetricReplicas and utilization.go GetMetricUsageRatio. Values are milli-units.
public sealed class PerPodMetricTests
{
    [Fact]
    public void A_ratio_within_the_tolerance_keeps_the_current_count()
    {
        // calcPlainMetricReplicas, Tolerances.isWithin: mean (105+105+105+105)/4 = 105; 105/100 = 1.05;
        // 0.9 <= 1.05 <= 1.1, so the current 4.
        var decision = FirstSync(Spec(1, 10, PodsMetric(100)), 4, Pods(4), PerPod(105, 105, 105, 105));

        Assert.Equal(4, decision.Proposal);
    }

    [Fact]
    public void The_tolerance_band_includes_its_edge()
    {
        // Tolerances.isWithin compares with <=: 110/100 = 1.1 <= 1.0 + 0.1, so the current 4.
        // One milli-unit more: 111/100 = 1.11 > 1.1, so ceil(1.11 × 4) = ceil(4.44) = 5.
        var atEdge = FirstSync(Spec(1, 10, PodsMetric(100)), 4, Pods(4), PerPod(110, 110, 110, 110));
        var past = FirstSync(Spec(1, 10, PodsMetric(100)), 4, Pods(4), PerPod(111, 111, 111, 111));

        Assert.Equal((4, 5), (atEdge.Proposal, past.Proposal));
    }

    [Fact]
    public void The_proposal_is_the_ceiling_of_ratio_times_ready_pods()
    {
        // calcPlainMetricReplicas: mean 150, 150/100 = 1.5, ceil(1.5 × 3) = ceil(4.5) = 5.
        var decision = FirstSync(Spec(1, 10, PodsMetric(100)), 3, Pods(3), PerPod(150, 150, 150));

        Assert.Equal(5, decision.Proposal);
    }

    [Fact]
    public void The_mean_of_a_pods_metric_is_a_whole_number_of_milli_units()
    {
        // GetMetricUsageRatio divides int64s: (1100+1100+1101)/3 = 3301/3 = 1100 (not 1100.33);
        // 1100/1000 = 1.1 is within the tolerance, so the current 3 (the exact mean would give ceil(3.3) = 4).
        var decision = FirstSync(Spec(1, 10, PodsMetric(1000)), 3, Pods(3), PerPod(1100, 1100, 1101));

        Assert.Equal(3, decision.Proposal);
    }

    [Fact]
    public void A_resource_average_value_target_is_a_plain_per_pod_mean()
    {
        // computeStatusForResourceMetricGeneric takes the AverageValue branch, GetRawResourceReplicas →
        // calcPlainMetricReplicas: memory 750 Mi-units per pod against 500, 750/500 = 1.5, ceil(1.5 × 2) = 3.
        var memory = new MetricSpec(MetricSourceType.Resource, "memory", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 500_000));
        var decision = FirstSync(Spec(1, 10, memory), 2, Pods(2), PerPod(750_000, 750_000));

        Assert.Equal(3, decision.Proposal);
    }

    [Fact]
    public void Missing_pods_count_as_idle_on_a_scale_up()
    {
        // calcPlainMetricReplicas: p3 has no metric. Mean of the rest 140/100 = 1.4 > 1, a scale-up, so p3
        // counts as 0: (140×3 + 0)/4 = 420/4 = 105, 1.05 is within the tolerance: the current 4.
        // (Ignoring p3 would give ceil(1.4 × 3) = 5.)
        var decision = FirstSync(Spec(1, 10, PodsMetric(100)), 4, Pods(4), PerPod(140, 140, 140, null));

        Assert.Equal(4, decision.Proposal);
    }

    [Fact]
    public void Missing_pods_count_as_at_target_on_a_scale_down()
    {
        // calcPlainMetricReplicas: mean of p0..p2 50/100 = 0.5 < 1, a scale-down, so p3 counts as the target 100:
        // (50×3 + 100)/4 = 250/4 = 62, 0.62, ceil(0.62 × 4) = ceil(2.48) = 3. (Ignoring p3 would give ceil(0.5 × 3) = 2.)
        var decision = FirstSync(Spec(1, 10, PodsMetric(100)), 4, Pods(4), PerPod(50, 50, 50, null));

        Assert.Equal(3, decision.Proposal);
    }

    [Fact]
    public void Pending_pods_count_as_idle_on_a_scale_up()
    {
        // groupPods puts a Pending pod with the unready; with the ratio 140/100 = 1.4 > 1 it counts as 0:
        // 420/4 = 105, 1.05 is within the tolerance, so the current 4.
        var pods = Pods(4);
        pods[3] = pods[3] with { Phase = PodPhase.Pending };
        var decision = FirstSync(Spec(1, 10, PodsMetric(100)), 4, pods, PerPod(140, 140, 140));

        Assert.Equal(4, decision.Proposal);
    }

    [Fact]
    public void Deleted_and_failed_pods_are_ignored()
    {
        // groupPods ignores p2 (deletionTimestamp set) and p3 (Failed) and removeMetricsForPods drops their
        // values: mean of p0, p1 = 200/100 = 2.0, ceil(2.0 × 2 ready) = 4.
        var pods = Pods(4);
        pods[2] = pods[2] with { Deleting = true };
        pods[3] = pods[3] with { Phase = PodPhase.Failed };
        var decision = FirstSync(Spec(1, 10, PodsMetric(100)), 4, pods, PerPod(200, 200, 10, 10));

        Assert.Equal(4, decision.Proposal);
    }
}
