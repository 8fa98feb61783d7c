using Headroom.Sim.Hpa;
using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Hpa;

// An HPA with behavior: horizontal.go normalizeDesiredReplicasWithBehaviors, that is
// stabilizeRecommendationWithBehaviors then convertDesiredReplicasWithBehaviorRate with
// calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors over the scale events.
public sealed class BehaviorTests
{
    private static readonly ScalingRules NoDownWindow = ScalingRules.DefaultScaleDown with { StabilizationWindowSeconds = 0 };

    private static HpaBehavior Up(SelectPolicy select, params ScalingPolicy[] policies) =>
        new(new ScalingRules(0, select, policies), NoDownWindow);

    private static HpaBehavior Down(SelectPolicy select, params ScalingPolicy[] policies) =>
        new(ScalingRules.DefaultScaleUp, new ScalingRules(0, select, policies));

    [Fact]
    public void Default_scale_up_allows_four_pods_or_double_whichever_is_more()
    {
        // The v2 defaults: Pods 4 and Percent 100 per 15 s, selectPolicy Max.
        // From 10: max(10 + 4, ceil(10 × 2)) = 20. From 2: max(2 + 4, ceil(2 × 2)) = 6.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown);

        Assert.Equal(20, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 10).At(0, proposing: 50).DesiredReplicas);
        Assert.Equal(6, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 2).At(0, proposing: 50).DesiredReplicas);
    }

    [Fact]
    public void Select_policy_min_takes_the_smallest_scale_up()
    {
        // calculateScaleUpLimitWithScalingRules with Min: min(10 + 4, ceil(10 × 2)) = 14.
        var behavior = Up(SelectPolicy.Min, new ScalingPolicy(ScalingPolicyType.Pods, 4, 15), new ScalingPolicy(ScalingPolicyType.Percent, 100, 15));

        Assert.Equal(14, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 10).At(0, proposing: 50).DesiredReplicas);
    }

    [Fact]
    public void Select_policy_disabled_stops_scaling_up()
    {
        // calculateScaleUpLimitWithScalingRules returns currentReplicas when Disabled: 10 stays 10.
        var behavior = Up(SelectPolicy.Disabled, new ScalingPolicy(ScalingPolicyType.Pods, 4, 15));

        var decision = new SyncLoop(SyncLoop.Spec(1, 100, behavior), 10).At(0, proposing: 50);

        Assert.Equal((50, 50, 10), (decision.Proposal, decision.Stabilized, decision.DesiredReplicas));
    }

    [Fact]
    public void A_percent_scale_up_rounds_up()
    {
        // calculateScaleUpLimitWithScalingRules: ceil(3 × (1 + 10/100)) = ceil(3.3) = 4, so a 10% policy still adds a pod.
        var behavior = Up(SelectPolicy.Max, new ScalingPolicy(ScalingPolicyType.Percent, 10, 60));

        Assert.Equal(4, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 3).At(0, proposing: 50).DesiredReplicas);
    }

    [Fact]
    public void A_percent_scale_down_truncates()
    {
        // calculateScaleDownLimitWithBehaviors: int32(10 × (1 − 30/100)) = int32(7.0) = 7; int32(9 × 0.7) = int32(6.3) = 6.
        var behavior = Down(SelectPolicy.Max, new ScalingPolicy(ScalingPolicyType.Percent, 30, 60));

        Assert.Equal(7, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 10).At(0, proposing: 1).DesiredReplicas);
        Assert.Equal(6, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 9).At(0, proposing: 1).DesiredReplicas);
    }

    [Fact]
    public void Scale_down_select_policy_max_takes_the_larger_change_and_min_the_smaller()
    {
        // calculateScaleDownLimitWithBehaviors from 10 with Pods 3 (→ 7) and Percent 50 (→ int32(10 × 0.5) = 5):
        // Max allows the larger change, min(7, 5) = 5; Min the smaller, max(7, 5) = 7.
        ScalingPolicy[] policies = [new(ScalingPolicyType.Pods, 3, 60), new(ScalingPolicyType.Percent, 50, 60)];

        Assert.Equal(5, new SyncLoop(SyncLoop.Spec(1, 100, Down(SelectPolicy.Max, policies)), 10).At(0, proposing: 1).DesiredReplicas);
        Assert.Equal(7, new SyncLoop(SyncLoop.Spec(1, 100, Down(SelectPolicy.Min, policies)), 10).At(0, proposing: 1).DesiredReplicas);
    }

    [Fact]
    public void Select_policy_disabled_stops_scaling_down()
    {
        // calculateScaleDownLimitWithBehaviors returns currentReplicas when Disabled.
        var behavior = Down(SelectPolicy.Disabled, new ScalingPolicy(ScalingPolicyType.Percent, 100, 15));

        Assert.Equal(10, new SyncLoop(SyncLoop.Spec(1, 100, behavior), 10).At(0, proposing: 1).DesiredReplicas);
    }

    [Fact]
    public void A_pods_policy_counts_the_scale_ups_within_its_period()
    {
        // Pods 2 per 60 s. t=0: 4 + 2 = 6 (event +2@0). t=15: getReplicasChangePerPeriod = 2, so the period
        // started at 6 − 2 = 4 and allows 4 + 2 = 6: stays 6. t=60: +2@0 is 60 s old, out of the period: 6 + 2 = 8.
        var loop = new SyncLoop(SyncLoop.Spec(1, 100, Up(SelectPolicy.Max, new ScalingPolicy(ScalingPolicyType.Pods, 2, 60))), 4);

        Assert.Equal(
            [6, 6, 6, 6, 8],
            [.. new[] { 0, 15, 30, 45, 60 }.Select(t => loop.At(t, proposing: 20).DesiredReplicas)]);
    }

    [Fact]
    public void A_percent_policy_counts_the_scale_downs_within_its_period()
    {
        // Percent 10 per 60 s. t=0: int32(80 × 0.9) = 72 (event −8@0). t=15: the period started at 72 + 8 = 80,
        // int32(80 × 0.9) = 72: stays. t=60: −8@0 is out of the period: int32(72 × 0.9) = int32(64.8) = 64.
        var loop = new SyncLoop(SyncLoop.Spec(1, 100, Down(SelectPolicy.Max, new ScalingPolicy(ScalingPolicyType.Percent, 10, 60))), 80);

        Assert.Equal(
            [72, 72, 72, 72, 64],
            [.. new[] { 0, 15, 30, 45, 60 }.Select(t => loop.At(t, proposing: 10).DesiredReplicas)]);
    }

    [Fact]
    public void A_scale_up_limit_counts_recent_scale_downs_too()
    {
        // calculateScaleUpLimitWithScalingRules adds back pods removed within the period:
        // t=0: 10 → int32(10 × 0.5) = 5 (Percent 50 per 60 s down; event −5@0).
        // t=15: scale up with Pods 1 per 60 s: the period started at 5 − 0 + 5 = 10, so up to 11 (proposal 20).
        var behavior = new HpaBehavior(
            new ScalingRules(0, SelectPolicy.Max, [new(ScalingPolicyType.Pods, 1, 60)]),
            new ScalingRules(0, SelectPolicy.Max, [new(ScalingPolicyType.Percent, 50, 60)]));
        var loop = new SyncLoop(SyncLoop.Spec(1, 100, behavior), 10);

        Assert.Equal(5, loop.At(0, proposing: 1).DesiredReplicas);
        Assert.Equal(11, loop.At(15, proposing: 20).DesiredReplicas);
    }

    [Fact]
    public void The_scale_down_window_holds_the_highest_recent_recommendation()
    {
        // stabilizeRecommendationWithBehaviors with scaleDown.stabilizationWindowSeconds 60: t=0 the initial 5@0 is
        // within the window, min(… , max(5, 2)) = 5. t=45: recommendations 5@0, 2@0 still within: 5.
        // t=60: both are 60 s old: the stabilized count is 2, and the default 100% per 15 s allows it.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown with { StabilizationWindowSeconds = 60 });
        var loop = new SyncLoop(SyncLoop.Spec(1, 100, behavior), 5);

        Assert.Equal(5, loop.At(0, proposing: 2).DesiredReplicas);
        Assert.Equal(5, loop.At(45, proposing: 2).DesiredReplicas);
        Assert.Equal((2, 2), (loop.At(60, proposing: 2).Stabilized, loop.Replicas));
    }

    [Fact]
    public void An_unset_scale_down_window_is_the_controllers_five_minutes()
    {
        // maybeInitScaleDownStabilizationWindow: nil → --horizontal-pod-autoscaler-downscale-stabilization (300 s).
        // 5@0 holds the count at 5 until t=300.
        var loop = new SyncLoop(SyncLoop.Spec(1, 100, new HpaBehavior(ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown)), 5);
        loop.At(0, proposing: 2);

        Assert.Equal(5, loop.At(285, proposing: 2).DesiredReplicas);
        Assert.Equal(2, loop.At(300, proposing: 2).DesiredReplicas);
    }

    [Fact]
    public void The_scale_up_window_holds_the_lowest_recent_recommendation()
    {
        // stabilizeRecommendationWithBehaviors with scaleUp.stabilizationWindowSeconds 30: t=0 and t=15, the initial
        // 2@0 is within the window, so up = min(2, 6) = 2 and the count stays 2. t=30: 2@0 and 6@0 are out,
        // 6@15 is in: up = 6; the default scale-up allows max(2 + 4, ceil(2 × 2)) = 6.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp with { StabilizationWindowSeconds = 30 }, NoDownWindow);
        var loop = new SyncLoop(SyncLoop.Spec(1, 100, behavior), 2);

        Assert.Equal(2, loop.At(0, proposing: 6).DesiredReplicas);
        Assert.Equal(2, loop.At(15, proposing: 6).DesiredReplicas);
        Assert.Equal(6, loop.At(30, proposing: 6).DesiredReplicas);
    }

    [Fact]
    public void Min_and_max_replicas_bound_the_policies()
    {
        // convertDesiredReplicasWithBehaviorRate: up, min(maxReplicas 12, limit 20) = 12;
        // down, max(minReplicas 3, limit int32(10 × 0)) = 3.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp, NoDownWindow);

        Assert.Equal(12, new SyncLoop(SyncLoop.Spec(3, 12, behavior), 10).At(0, proposing: 50).DesiredReplicas);
        Assert.Equal(3, new SyncLoop(SyncLoop.Spec(3, 12, behavior), 10).At(0, proposing: 1).DesiredReplicas);
    }
}
