using Headroom.Sim.Hpa;
using Headroom.Sim.Tests.Support;

namespace Headroom.Sim.Tests.Hpa;

// The ScalingLimited condition's reason, as horizontal.go sets it: True with the reason of the limit that moved the
// stabilized recommendation (convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate), False
// (DesiredWithinRange) when none did.
public sealed class ScalingLimitedTests
{
    private static readonly HpaBehavior Defaults = new(ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown with { StabilizationWindowSeconds = 0 });

    [Theory]
    // Without behavior: from 3 the scale-up limit max(2 × 3, 4) = 6 is below maxReplicas 20, so it is the reason.
    [InlineData(1, 20, 3, 10, 6, ScalingLimit.ScaleUpLimit)]
    // From 6 the limit 12 is above maxReplicas 8: maxReplicas is the reason, even though the limit would hold it too.
    [InlineData(1, 8, 6, 30, 8, ScalingLimit.TooManyReplicas)]
    // maxReplicas equal to the limit (from 4, max(8, 4) = 8): horizontal.go names maxReplicas, as the limit is not below it.
    [InlineData(1, 8, 4, 30, 8, ScalingLimit.TooManyReplicas)]
    // Within range.
    [InlineData(1, 20, 3, 5, 5, ScalingLimit.None)]
    public void Without_behavior_the_reason_is_the_tighter_upper_bound(int min, int max, int current, int proposing, int desired, ScalingLimit limit)
    {
        var decision = new SyncLoop(SyncLoop.Spec(min, max), current).At(0, proposing: proposing);

        Assert.Equal((desired, limit), (decision.DesiredReplicas, decision.Limited));
    }

    [Fact]
    public void Without_behavior_min_replicas_floors_a_scale_down_and_says_so()
    {
        var loop = new SyncLoop(SyncLoop.Spec(2, 10), 4);
        var first = loop.At(0, proposing: 0);

        var decision = loop.At(300, proposing: 0);

        // The first sync is held by the recommendation it found (stabilization, not a limit), the later one by minReplicas.
        Assert.Equal((4, ScalingLimit.None), (first.DesiredReplicas, first.Limited));
        Assert.Equal((2, ScalingLimit.TooFewReplicas), (decision.DesiredReplicas, decision.Limited));
    }

    [Theory]
    // Default scale-up from 2: max(2 + 4, ceil(2 × 2)) = 6, below maxReplicas 100.
    [InlineData(1, 100, 2, 50, 6, ScalingLimit.ScaleUpLimit)]
    // From 10 the policies allow 20, above maxReplicas 12.
    [InlineData(3, 12, 10, 50, 12, ScalingLimit.TooManyReplicas)]
    // Down to 1 from 10: the default scale-down policy (100%) allows 0, so minReplicas 3 holds it.
    [InlineData(3, 12, 10, 1, 3, ScalingLimit.TooFewReplicas)]
    [InlineData(3, 12, 10, 7, 7, ScalingLimit.None)]
    public void With_behavior_the_reason_is_the_tighter_of_the_policies_and_the_bounds(int min, int max, int current, int proposing, int desired,
        ScalingLimit limit)
    {
        var decision = new SyncLoop(SyncLoop.Spec(min, max, Defaults), current).At(0, proposing: proposing);

        Assert.Equal((desired, limit), (decision.DesiredReplicas, decision.Limited));
    }

    [Fact]
    public void A_sync_that_never_reaches_the_limits_leaves_the_condition_as_it_was()
    {
        // Held at maxReplicas 8, then a sync whose metric fails (the HPA sets ScalingActive False and leaves
        // ScalingLimited alone), then one within range once the five-minute window has let the 30 go.
        var loop = new SyncLoop(SyncLoop.Spec(1, 8), 6);

        Assert.Equal(ScalingLimit.TooManyReplicas, loop.At(0, proposing: 30).Limited);
        var failed = loop.Failing(15);
        Assert.Equal((8, ScalingLimit.TooManyReplicas), (failed.DesiredReplicas, failed.Limited));
        Assert.Equal(ScalingLimit.None, loop.At(301, proposing: 8).Limited);
    }

    [Fact]
    public void A_scale_down_policy_tighter_than_min_replicas_is_the_reason()
    {
        // One pod per minute down: from 10 toward 2, 9, above minReplicas 1.
        var behavior = new HpaBehavior(ScalingRules.DefaultScaleUp, new ScalingRules(0, SelectPolicy.Max, [new ScalingPolicy(ScalingPolicyType.Pods, 1, 60)]));

        var decision = new SyncLoop(SyncLoop.Spec(1, 20, behavior), 10).At(0, proposing: 2);

        Assert.Equal((9, ScalingLimit.ScaleDownLimit), (decision.DesiredReplicas, decision.Limited));
    }
}
