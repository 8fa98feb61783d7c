using Headroom.Sim.Hpa;
using static Headroom.Sim.Tests.Support.Build;

namespace Headroom.Sim.Tests.Hpa;

// horizontal.go computeReplicasForMetrics: the highest proposal over the metrics; a metric in error is
// skipped unless every metric is in error or the rest would scale down.
public sealed class ComputeReplicasForMetricsTests
{
    private static readonly HpaSpec ThreeMetrics = Spec(1, 20, PodsMetric(100), External(value: 100_000), Object(averageValue: 10_000));

    [Fact]
    public void The_highest_proposal_wins()
    {
        // Pods: 150/100 = 1.5, ceil(1.5 × 2) = 3. External: 350/100 = 3.5, ceil(3.5 × 2) = 7.
        // Object: 50/(10 × 2) = 2.5, ceil(50/10) = 5. max(3, 7, 5) = 7.
        var decision = FirstSync(ThreeMetrics, 2, Pods(2), PerPod(150, 150), MetricSample.Total(350_000), MetricSample.Total(50_000));

        Assert.Equal([3, 7, 5], decision.Metrics.Select(m => m.Replicas));
        Assert.Equal(7, decision.Proposal);
    }

    [Fact]
    public void A_failing_metric_blocks_a_scale_down()
    {
        // Pods: 50/100 = 0.5, ceil(0.5 × 4) = 2; External fails; Object 20/(10 × 4) = 0.5, ceil(20/10) = 2.
        // One invalid metric and 2 < 4 spec replicas: invalidMetricsCount > 0 && replicas < specReplicas, so the sync
        // fails and the scale stays at 4.
        var decision = FirstSync(ThreeMetrics, 4, Pods(4), PerPod(50, 50, 50, 50), MetricSample.Failed("metrics API unavailable"), MetricSample.Total(20_000));

        Assert.Equal((null, 4), (decision.Proposal, decision.DesiredReplicas));
        Assert.Equal("metrics API unavailable", decision.Metrics[1].Error);
    }

    [Fact]
    public void A_failing_metric_does_not_block_a_scale_up()
    {
        // Pods: 150/100 = 1.5, ceil(1.5 × 4) = 6; External fails; Object 60/(10 × 4) = 1.5, ceil(60/10) = 6.
        // 6 >= 4 spec replicas, so the valid metrics are used: 6, within the scale-up limit max(2 × 4, 4) = 8.
        var decision = FirstSync(ThreeMetrics, 4, Pods(4), PerPod(150, 150, 150, 150), MetricSample.Failed("timeout"), MetricSample.Total(60_000));

        Assert.Equal((6, 6), (decision.Proposal, decision.DesiredReplicas));
    }

    [Fact]
    public void Every_metric_failing_leaves_the_scale_alone()
    {
        // invalidMetricsCount (3) >= len(metricSpecs) (3): the sync fails.
        var decision = FirstSync(ThreeMetrics, 4, Pods(4), MetricSample.Failed("a"), MetricSample.Failed("b"), MetricSample.Failed("c"));

        Assert.Equal((null, null, 4), (decision.Proposal, decision.Stabilized, decision.DesiredReplicas));
    }
}
