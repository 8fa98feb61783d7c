using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Hpa;

// An HPA without behavior: horizontal.go normalizeDesiredReplicas, that is stabilizeRecommendation (the
// 5-minute downscale window) then convertDesiredReplicasWithRules (min, max and calculateScaleUpLimit).
public sealed class LegacyNormalizationTests
{
    [Fact]
    public void The_first_sync_cannot_scale_down()
    {
        // recordInitialRecommendation stores the current 5 at t = 0; stabilizeRecommendation takes
        // max(2, 5) = 5 over the window, so 5 stays.
        var loop = new SyncLoop(SyncLoop.Spec(1, 10), 5);

        var decision = loop.At(0, proposing: 2);

        Assert.Equal((2, 5, 5), (decision.Proposal, decision.Stabilized, decision.DesiredReplicas));
    }

    [Fact]
    public void Scale_down_waits_for_higher_recommendations_to_leave_the_five_minute_window()
    {
        // stabilizeRecommendation, window 300 s. Recommendations: 5@0 (initial), 2@0, then 3@150.
        // t=150: max(3, 5, 2) = 5. t=299: still 5. t=300: 5@0 and 2@0 are 300 s old, out of the window;
        // max(2, 3@150) = 3, so 3.
        var loop = new SyncLoop(SyncLoop.Spec(1, 10), 5);
        loop.At(0, proposing: 2);

        var at150 = loop.At(150, proposing: 3);
        var at299 = loop.At(299, proposing: 2);
        var at300 = loop.At(300, proposing: 2);

        Assert.Equal((5, 5), (at150.Stabilized, at150.DesiredReplicas));
        Assert.Equal((5, 5), (at299.Stabilized, at299.DesiredReplicas));
        Assert.Equal((3, 3), (at300.Stabilized, at300.DesiredReplicas));
    }

    [Fact]
    public void A_scale_up_is_at_once_but_at_most_double_or_four()
    {
        // calculateScaleUpLimit = max(2 × current, 4). From 3: max(6, 4) = 6, though 10 are proposed.
        // From 1: max(2, 4) = 4.
        var fromThree = new SyncLoop(SyncLoop.Spec(1, 20), 3).At(0, proposing: 10);
        var fromOne = new SyncLoop(SyncLoop.Spec(1, 20), 1).At(0, proposing: 10);

        Assert.Equal((10, 6), (fromThree.Stabilized, fromThree.DesiredReplicas));
        Assert.Equal(4, fromOne.DesiredReplicas);
    }

    [Fact]
    public void Max_replicas_caps_a_scale_up_below_the_limit()
    {
        // convertDesiredReplicasWithRules: limit max(2 × 6, 4) = 12 > maxReplicas 8, so at most 8.
        var decision = new SyncLoop(SyncLoop.Spec(1, 8), 6).At(0, proposing: 30);

        Assert.Equal(8, decision.DesiredReplicas);
    }

    [Fact]
    public void Min_replicas_floors_a_scale_down()
    {
        // Proposal 0 (an idle demand: ceil(0/1) = 0). At t=300 everything recorded at t=0 is out of the window, so stabilized 0;
        // convertDesiredReplicasWithRules: 0 < minReplicas 2, so 2.
        var loop = new SyncLoop(SyncLoop.Spec(2, 10), 4);
        loop.At(0, proposing: 0);

        var decision = loop.At(300, proposing: 0);

        Assert.Equal((0, 0, 2), (decision.Proposal, decision.Stabilized, decision.DesiredReplicas));
    }
}
