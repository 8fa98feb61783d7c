using Headroom.Sim.Hpa;
using Headroom.Sim.Tests.Support;
using static Headroom.Sim.Tests.Support.Build;

namespace Headroom.Sim.Tests.Hpa;

// horizontal.go reconcileAutoscaler: the branches taken before the metrics, and scaling to and from zero.
public sealed class ReconcileTests
{
    [Fact]
    public void A_count_above_max_replicas_goes_to_max_without_consulting_metrics()
    {
        // reconcileAutoscaler: currentReplicas 12 > maxReplicas 10 → desired 10, "Current number of replicas above Spec.MaxReplicas".
        var decision = FirstSync(SyncLoop.Spec(1, 10), 12, Pods(12), MetricSample.Total(50_000));

        Assert.Equal((null, 10), (decision.Proposal, decision.DesiredReplicas));
        Assert.Empty(decision.Metrics);
    }

    [Fact]
    public void A_count_below_min_replicas_goes_to_min_without_consulting_metrics()
    {
        // reconcileAutoscaler: currentReplicas 1 < minReplicas 3 → desired 3.
        var decision = FirstSync(SyncLoop.Spec(3, 10), 1, Pods(1), MetricSample.Total(1_000));

        Assert.Equal((null, 3), (decision.Proposal, decision.DesiredReplicas));
    }

    [Fact]
    public void A_target_at_zero_with_min_replicas_above_zero_is_not_autoscaled()
    {
        // reconcileAutoscaler: currentReplicas == 0 && minReplicas != 0 → ScalingDisabled; the count stays 0.
        var decision = FirstSync(SyncLoop.Spec(1, 10), 0, [], MetricSample.Total(50_000));

        Assert.Equal((null, 0), (decision.Proposal, decision.DesiredReplicas));
    }

    [Fact]
    public void With_min_replicas_zero_an_idle_external_metric_scales_to_zero_and_back()
    {
        // Scale to zero: GetExternalMetricReplicas, 0/100 = 0 is outside the tolerance, ceil(0 × 1 ready pod) = 0;
        // scaleDown window 0 and 100% per 15 s: int32(1 × 0) = 0 and minReplicas 0, so 0.
        // From zero: getUsageRatioReplicaCount with currentReplicas 0 takes ceil(250/100) = 3 without pods;
        // the default scale-up allows max(0 + 4, ceil(0 × 2)) = 4, so 3.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown with { StabilizationWindowSeconds = 0 });
        var spec = new HpaSpec(0, 10, [External(value: 100_000)], behavior);
        var controller = new HpaController();

        var down = controller.Sync(spec, new HpaSyncInput(TimeSpan.Zero, 1, Pods(1), [MetricSample.Total(0)]), HpaHistory.Empty);
        var up = controller.Sync(spec, new HpaSyncInput(TimeSpan.FromSeconds(15), 0, [], [MetricSample.Total(250_000)]), down.History);

        Assert.Equal((0, 0), (down.Proposal, down.DesiredReplicas));
        Assert.Equal((3, 3), (up.Proposal, up.DesiredReplicas));
    }

    [Fact]
    public void A_per_hpa_tolerance_narrows_the_band_when_the_feature_gate_is_on()
    {
        // tolerancesForHpa: behavior.scaleUp.tolerance 0.05. Pods metric 108/100 = 1.08 > 1.05, so
        // ceil(1.08 × 4) = ceil(4.32) = 5. With HPAConfigurableTolerance off, the controller's 0.1 holds: 4.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp with { Tolerance = 0.05 }, ScalingRules.DefaultScaleDown);
        var spec = new HpaSpec(1, 10, [PodsMetric(100)], behavior);
        var input = new HpaSyncInput(TimeSpan.Zero, 4, Pods(4), [PerPod(108, 108, 108, 108)]);

        var gateOn = new HpaController().Sync(spec, input, HpaHistory.Empty);
        var gateOff = new HpaController(new HpaControllerOptions { ConfigurableTolerance = false }).Sync(spec, input, HpaHistory.Empty);

        Assert.Equal((5, 4), (gateOn.Proposal, gateOff.Proposal));
    }
}
