using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;
using static Headroom.Sim.Tests.Keda.KedaLoop;

namespace Headroom.Sim.Tests.Keda;

// Worked cases of the KEDA model. The trigger is Headroom's external scaler with target 2.5 (AverageValue)
// and activationTarget 0.5 unless a case says otherwise; KEDA polls every 30 s and the HPA syncs every 15 s,
// both from t = 0, KEDA first. Each case names the KEDA (or HPA) function whose rule it follows.
public sealed class KedaControllerTests
{
    private static ScaledObject So(string spec = "", string triggers = Triggers.Queue) => KedaHpaTests.Parse(spec, triggers);

    [Fact]
    public void Activation_from_zero_scales_to_one_and_the_HPA_takes_it_from_there()
    {
        // RequestScale → scaleFromZeroOrIdle: active (10 > 0.5) at 0 replicas, minReplicaCount 0 → 1 replica.
        // Then the HPA's sync sees 1 replica: GetExternalPerPodMetricReplicas ceil(10 / 2.5) = 4, within
        // the no-behavior scale-up limit max(2 × 1, 4) = 4.
        var loop = new KedaLoop(So(), 0);

        var decision = loop.At(0, Value(10));

        Assert.Equal(new KedaPoll(true, false, KedaAction.Activated, 1), decision.Poll);
        Assert.Equal((4, 4), (decision.HpaSync!.Decision.Proposal, decision.DesiredReplicas));
        Assert.Equal(TimeSpan.Zero, loop.Controller.LastActiveTime);
    }

    [Fact]
    public void Activation_goes_straight_to_minReplicaCount()
    {
        // scaleFromZeroOrIdle: minReplicaCount when above 0. The HPA's proposal, ceil(1 / 2.5) = 1, is below
        // its minReplicas (GetHPAMinReplicas = 3), so it holds 3.
        var loop = new KedaLoop(So("minReplicaCount: 3"), 0);

        var decision = loop.At(0, Value(1));

        Assert.Equal(KedaAction.Activated, decision.Poll!.Action);
        Assert.Equal(3, decision.DesiredReplicas);
    }

    [Fact]
    public void A_trigger_is_active_only_above_its_activation_threshold()
    {
        // GetMetricsAndActivity: value > activationThreshold, strictly. At 0 replicas the HPA is disabled
        // (reconcileAutoscaler: spec.replicas 0 with minReplicas ≥ 1), so nothing moves.
        var loop = new KedaLoop(So(), 0);

        var atThreshold = loop.At(0, Value(0.5));
        var above = loop.At(30, Value(0.501));

        Assert.Equal(new KedaPoll(false, false, KedaAction.None, 0), atThreshold.Poll);
        Assert.Equal(0, atThreshold.DesiredReplicas);
        Assert.Equal(KedaAction.Activated, above.Poll!.Action);
    }

    [Fact]
    public void An_external_scalers_own_activity_answer_wins_over_the_threshold()
    {
        // The external scaler's IsActive comes from the server, not from a threshold KEDA applies.
        var loop = new KedaLoop(So(), 0);

        Assert.Equal(KedaAction.Activated, loop.At(0, TriggerReading.Of(0, active: true)).Poll!.Action);
        Assert.Equal(KedaAction.CoolingDown, loop.At(30, TriggerReading.Of(100, active: false)).Poll!.Action);
    }

    [Fact]
    public void Activity_is_checked_only_every_pollingInterval()
    {
        // startScaleLoop: checkScalers at once, then every pollingInterval (60 s). Demand that appears at
        // t = 15 waits for the poll at t = 60; the HPA syncs in between are disabled at 0 replicas.
        var loop = new KedaLoop(So("pollingInterval: 60"), 0);

        loop.At(0, Value(0));
        Assert.Equal(TimeSpan.FromSeconds(60), loop.Controller.NextPollAt);
        var waiting = loop.Every15s(15, 45, Value(10));
        var poll = loop.At(60, Value(10));

        Assert.All(waiting.Values, d => Assert.Equal((null, 0), (d.Poll, d.DesiredReplicas)));
        Assert.Equal(KedaAction.Activated, poll.Poll!.Action);
        Assert.Equal(TimeSpan.FromSeconds(120), loop.Controller.NextPollAt);
    }

    [Fact]
    public void Scale_to_zero_waits_until_cooldownPeriod_has_passed_since_the_last_active_poll()
    {
        // scaleToZeroOrIdle: lastActiveTime + cooldownPeriod (300 s) must be Before now, strictly, so the poll
        // at exactly t = 300 still cools down and the one at t = 330 scales to 0.
        var loop = new KedaLoop(So(), 2);

        Assert.Equal(KedaAction.KeptActive, loop.At(0, Value(5)).Poll!.Action);
        var idle = loop.Every15s(15, 330, Value(0));

        Assert.Equal(KedaAction.CoolingDown, idle[300].Poll!.Action);
        Assert.True(idle[300].DesiredReplicas > 0);
        Assert.Equal(new KedaPoll(false, false, KedaAction.Deactivated, 0), idle[330].Poll);
        // The HPA is then disabled at 0 replicas and leaves them there.
        Assert.Equal(0, idle[330].DesiredReplicas);
        Assert.Equal(TimeSpan.Zero, loop.Controller.LastActiveTime);
    }

    [Fact]
    public void A_never_active_object_scales_in_after_initialCooldownPeriod_from_creation()
    {
        // scaleToZeroOrIdle with no lastActiveTime: creationTimestamp + initialCooldownPeriod (60 s) Before now.
        var loop = new KedaLoop(So("initialCooldownPeriod: 60"), 2, new KedaControllerOptions { CreatedAt = TimeSpan.Zero });

        var polls = loop.Every15s(0, 90, Value(0));

        Assert.Equal(KedaAction.CoolingDown, polls[60].Poll!.Action);
        Assert.Equal(KedaAction.Deactivated, polls[90].Poll!.Action);
        Assert.Equal(0, loop.Replicas);
    }

    [Fact]
    public void With_the_default_initialCooldownPeriod_the_first_poll_scales_in()
    {
        // defaultInitialCooldownPeriod 0: a new object that is not active goes to 0 at its first poll.
        var loop = new KedaLoop(So(), 3);

        Assert.Equal(new KedaPoll(false, false, KedaAction.Deactivated, 0), loop.At(0, Value(0)).Poll);
    }

    [Fact]
    public void IdleReplicaCount_replaces_zero_and_activation_goes_from_idle_to_min()
    {
        // scaleFromZeroOrIdle (idle set, current < min) → minReplicaCount 2, then the HPA: ceil(10 / 2.5) = 4.
        // Inactive: scaleToZeroOrIdle after cooldownPeriod 60 → getIdleOrMinimumReplicaCount = idle 0.
        var loop = new KedaLoop(So("minReplicaCount: 2\nidleReplicaCount: 0\ncooldownPeriod: 60"), 0);

        var active = loop.At(0, Value(10));
        var idle = loop.Every15s(15, 90, Value(0));

        Assert.Equal((KedaAction.Activated, 2, 4), (active.Poll!.Action, active.Poll.Replicas, active.DesiredReplicas));
        Assert.Equal(KedaAction.CoolingDown, idle[60].Poll!.Action);
        Assert.Equal(new KedaPoll(false, false, KedaAction.Deactivated, 0), idle[90].Poll);
        Assert.Equal(0, idle[90].DesiredReplicas);
    }

    [Fact]
    public void A_nonzero_idleReplicaCount_is_undone_by_the_HPA()
    {
        // Why KEDA's docs allow only idleReplicaCount 0: KEDA scales to idle 1, and the HPA, finding 1 below
        // its minReplicas 3 and not 0, scales straight to 3 (reconcileAutoscaler's range check).
        var loop = new KedaLoop(So("minReplicaCount: 3\nidleReplicaCount: 1"), 5);

        var decision = loop.At(0, Value(0));

        Assert.Equal(new KedaPoll(false, false, KedaAction.Deactivated, 1), decision.Poll);
        Assert.Equal(3, decision.DesiredReplicas);
    }

    [Fact]
    public void Inactive_below_minReplicaCount_is_raised_to_it()
    {
        // RequestScale: not active, no idleReplicaCount, replicas below minReplicaCount → minReplicaCount.
        var loop = new KedaLoop(So("minReplicaCount: 2"), 0);

        var decision = loop.At(0, Value(0));

        Assert.Equal(new KedaPoll(false, false, KedaAction.ScaledToMin, 2), decision.Poll);
        Assert.Equal(2, decision.DesiredReplicas);
    }

    [Fact]
    public void The_HPA_clamps_at_maxReplicaCount()
    {
        // ceil(1000 / 2.5) = 400; the no-behavior scale-up limit max(2 × 8, 4) = 16; then maxReplicaCount 10.
        var loop = new KedaLoop(So("maxReplicaCount: 10"), 8);

        var decision = loop.At(0, Value(1000));

        Assert.Equal((400, 10), (decision.HpaSync!.Decision.Proposal, decision.DesiredReplicas));
    }

    [Fact]
    public void Static_fallback_takes_over_after_failureThreshold_failures()
    {
        // GetMetricsWithFallback: failures 1–3 are ≤ failureThreshold 3, so the metric is an error and the HPA
        // holds (computeReplicasForMetrics: every metric invalid). The 4th (t = 45) returns doFallback's
        // 2.5 × 6 = 15, which the HPA reads as ceil(15 / 2.5) = 6 — limited to max(2 × 2, 4) = 4 on that sync,
        // then 6. Meanwhile RequestScale holds the target (error with fallback.replicas ≠ 0), never to 0.
        var loop = new KedaLoop(So("fallback: {failureThreshold: 3, replicas: 6}"), 2);

        var syncs = loop.Every15s(0, 60, Error);

        Assert.All(new[] { 0d, 15, 30 }, t => Assert.Equal((2, false), (syncs[t].DesiredReplicas, syncs[t].HpaSync!.FallbackMetrics[0])));
        Assert.Equal(KedaAction.HeldOnError, syncs[30].Poll!.Action);
        Assert.Equal((4, true), (syncs[45].DesiredReplicas, syncs[45].HpaSync!.FallbackMetrics[0]));
        Assert.Equal(6, syncs[60].DesiredReplicas);
        Assert.Equal(5, loop.Controller.Failures[0]);
    }

    [Fact]
    public void A_successful_query_resets_the_failure_count()
    {
        // GetMetricsWithFallback: no error → numberOfFailures 0, so three more failures stay below the threshold.
        var loop = new KedaLoop(So("fallback: {failureThreshold: 3, replicas: 6}"), 2);

        loop.Every15s(0, 30, Error);
        loop.At(45, Value(5));
        var again = loop.Every15s(60, 90, Error);

        Assert.All(again.Values, d => Assert.False(d.HpaSync!.FallbackMetrics[0]));
        Assert.Equal(3, loop.Controller.Failures[0]);
    }

    [Fact]
    public void CurrentReplicas_fallback_holds_the_current_scale()
    {
        // doFallback (currentReplicas): 2.5 × 5 = 12.5; the HPA's ratio 12.5 / (2.5 × 5) = 1 → 5.
        // failureThreshold 0: the first failure already falls back (1 > 0).
        var loop = new KedaLoop(So("fallback: {failureThreshold: 0, replicas: 2, behavior: currentReplicas}"), 5);

        var decision = loop.At(0, Error);

        Assert.Equal((true, 5, 5), (decision.HpaSync!.FallbackMetrics[0], decision.HpaSync.Decision.Proposal, decision.DesiredReplicas));
    }

    [Theory]
    // doFallback (currentReplicasIfHigher): max(current, fallback.replicas 3).
    [InlineData("currentReplicasIfHigher", 5, 5)]
    [InlineData("currentReplicasIfHigher", 2, 3)]
    // doFallback (currentReplicasIfLower): min(current, 3); scale-down made immediate by behavior.
    [InlineData("currentReplicasIfLower", 5, 3)]
    [InlineData("currentReplicasIfLower", 2, 2)]
    public void Conditional_fallbacks_compare_with_the_current_replicas(string behavior, int current, int expected)
    {
        var loop = new KedaLoop(So($"""
            fallback: {"{"}failureThreshold: 0, replicas: 3, behavior: {behavior}{"}"}
            advanced:
              horizontalPodAutoscalerConfig:
                behavior:
                  scaleDown: {"{"}stabilizationWindowSeconds: 0{"}"}
            """), current);

        var decision = loop.At(0, Error);

        Assert.True(decision.HpaSync!.FallbackMetrics[0]);
        Assert.Equal(expected, decision.DesiredReplicas);
    }

    [Fact]
    public void Value_target_fallback_divides_by_the_ready_pods()
    {
        // doFallback with a Value target: 6 / 3 ready pods = 2, × threshold 100 = 200; the HPA's
        // GetExternalMetricReplicas: ratio 200 / 100 = 2 × 3 ready pods = 6. The queue trigger proposes
        // ceil(7.5 / 2.5) = 3; the HPA takes the max, 6, within max(2 × 3, 4) = 6.
        var loop = new KedaLoop(So("fallback: {failureThreshold: 0, replicas: 6}", Triggers.Queue + "\n" + Triggers.PrometheusValue), 3);

        var decision = loop.At(0, Value(7.5), Error);

        Assert.Equal([false, true], decision.HpaSync!.FallbackMetrics);
        Assert.Equal(6, decision.DesiredReplicas);
    }

    [Fact]
    public void Value_target_fallback_fails_with_no_ready_pod()
    {
        // doFallback: readyReplicas 0 → no fallback; the metric stays an error. The queue metric alone
        // proposes ceil(7.5 / 2.5) = 3 = current, which an error in another metric does not block.
        var loop = new KedaLoop(So("fallback: {failureThreshold: 0, replicas: 6}", Triggers.Queue + "\n" + Triggers.PrometheusValue), 3);
        List<PodState> pending = [new("a", PodPhase.Pending), new("b", PodPhase.Pending), new("c", PodPhase.Pending)];

        var decision = loop.At(0, pending, Value(7.5), Error);

        Assert.Equal([false, false], decision.HpaSync!.FallbackMetrics);
        Assert.NotNull(decision.HpaSync.Decision.Metrics[1].Error);
        Assert.Equal(3, decision.DesiredReplicas);
    }

    [Fact]
    public void An_error_without_fallback_never_scales_to_zero()
    {
        // RequestScale: not active and in error with no fallback → only the Ready condition changes; the HPA
        // holds too (every metric invalid). Without the error the first poll would have scaled to 0.
        var loop = new KedaLoop(So(), 2);

        var decisions = loop.Every15s(0, 600, Error);

        Assert.All(decisions.Values, d => Assert.Equal(2, d.DesiredReplicas));
        Assert.Equal(KedaAction.HeldOnError, decisions[600].Poll!.Action);
    }

    [Fact]
    public void A_fallback_of_zero_replicas_does_not_hold_the_target()
    {
        // RequestScale: the hold is for fallback.replicas ≠ 0; with 0 the error falls through to scaleToZeroOrIdle.
        var loop = new KedaLoop(So("fallback: {failureThreshold: 3, replicas: 0}"), 2);

        Assert.Equal(new KedaPoll(false, true, KedaAction.Deactivated, 0), loop.At(0, Error).Poll);
    }

    [Fact]
    public void Active_with_a_failing_trigger_does_not_refresh_lastActiveTime()
    {
        // RequestScale: active and isError with replicas > 0 → PartialTriggerError only, so the cooldown keeps
        // counting from the last clean active poll. From 0 replicas activation still happens.
        var twoTriggers = So("", Triggers.Queue + "\n" + Triggers.PrometheusValue);
        var running = new KedaLoop(twoTriggers, 2);
        var idle = new KedaLoop(twoTriggers, 0);

        Assert.Equal(KedaAction.PartialError, running.At(0, Value(10), Error).Poll!.Action);
        Assert.Null(running.Controller.LastActiveTime);
        Assert.Equal(KedaAction.Activated, idle.At(0, Value(10), Error).Poll!.Action);
    }

    [Fact]
    public void UseCachedMetrics_serves_the_HPA_the_value_of_the_last_poll()
    {
        // GetScaledObjectMetrics reads the metrics cache filled by the last poll (StoreRecords), not the scaler:
        // at t = 15 the HPA sees 5 (ratio 5 / (2.5 × 2) = 1 → 2) although the scaler now says 50.
        var cached = So("", Triggers.Queue.Replace("- type: external", "- type: external\n  useCachedMetrics: true"));
        var loop = new KedaLoop(cached, 2);

        loop.At(0, Value(5));
        var stale = loop.At(15, Value(50));
        var fresh = loop.At(30, Value(50));

        Assert.Equal(2, stale.DesiredReplicas);
        Assert.Equal((20, 4), (fresh.HpaSync!.Decision.Proposal, fresh.DesiredReplicas));
    }

    [Fact]
    public void An_object_with_only_cpu_triggers_is_always_active()
    {
        // getScaledObjectState: with only cpu/memory triggers and no error the object is active, so KEDA
        // brings it up from 0; the HPA then reads the resource metrics API: 50% of request against 60% → 1.
        var cpu = So("", "- type: cpu\n  metricType: Utilization\n  metadata: {value: \"60\"}");
        var loop = new KedaLoop(cpu, 0);
        var usage = TriggerReading.Resource(new PerPodSample(new Dictionary<string, long> { ["pod-0"] = 500 }, new Dictionary<string, long> { ["pod-0"] = 1000 }));

        var decision = loop.At(0, usage);

        Assert.Equal(new KedaPoll(true, false, KedaAction.Activated, 1), decision.Poll);
        Assert.Equal(1, decision.DesiredReplicas);
    }

    [Fact]
    public void The_HPA_sync_can_be_offset_from_the_poll()
    {
        var loop = new KedaLoop(So(), 0, new KedaControllerOptions { HpaSyncOffset = TimeSpan.FromSeconds(5) });

        var first = loop.At(0, Value(10));
        var sync = loop.At(5, Value(10));

        Assert.Equal((1, (KedaHpaSync?)null), (first.DesiredReplicas, first.HpaSync));
        Assert.Equal(4, sync.DesiredReplicas);
    }

    [Fact]
    public void A_push_activates_between_polls()
    {
        // startPushScalers: the stream's answer goes to RequestScale at once, not at the next poll (t = 30).
        var loop = new KedaLoop(So("", Triggers.Queue.Replace("type: external", "type: external-push")), 0);
        loop.At(0, Value(0));

        var pushed = loop.Controller.Push(TimeSpan.FromSeconds(7), true, 0);

        Assert.Equal(new KedaPoll(true, false, KedaAction.Activated, 1), pushed);
        Assert.Equal(TimeSpan.FromSeconds(7), loop.Controller.LastActiveTime);
        Assert.Equal(TimeSpan.FromSeconds(30), loop.Controller.NextPollAt);
    }

    [Fact]
    public void Bad_ticks_are_refused()
    {
        var controller = new KedaController(So());
        controller.Tick(TimeSpan.FromSeconds(10), [Value(1)], 1);

        Assert.Throws<ArgumentException>(() => controller.Tick(TimeSpan.FromSeconds(5), [Value(1)], 1));
        Assert.Throws<ArgumentException>(() => controller.Tick(TimeSpan.FromSeconds(20), [Value(1), Value(2)], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => controller.Tick(TimeSpan.FromSeconds(20), [Value(1)], -1));
    }
}
