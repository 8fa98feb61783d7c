namespace Headroom.Sim.Hpa;

/// <summary>
/// The HorizontalPodAutoscaler controller of kube-controller-manager (pkg/controller/podautoscaler/horizontal.go)
/// as a pure step function: one call is one sync of one HPA, and everything it remembers is in <see cref="HpaHistory"/>.
/// </summary>
public sealed class HpaController(HpaControllerOptions? options = null)
{
    private readonly HpaControllerOptions _options = options ?? new HpaControllerOptions();

    /// <summary>The settings this controller runs with.</summary>
    public HpaControllerOptions Options => _options;

    /// <summary>One sync (reconcileAutoscaler), from the scale the target has to the scale it should have.</summary>
    public HpaDecision Sync(HpaSpec spec, HpaSyncInput input, HpaHistory history)
    {
        if (input.Metrics.Count != spec.Metrics.Count)
        {
            throw new ArgumentException($"{input.Metrics.Count} metric samples for {spec.Metrics.Count} metrics", nameof(input));
        }
        var current = input.CurrentReplicas;
        var now = input.Now;
        // recordInitialRecommendation: the first sync remembers the replicas it found.
        if (history.Recommendations.IsEmpty)
        {
            history = history with { Recommendations = [new TimestampedRecommendation(current, now)] };
        }

        if (current == 0 && spec.MinReplicas != 0)
        {
            // A target scaled to zero by hand: autoscaling is disabled.
            return new HpaDecision([], null, null, current, history);
        }
        if (current > spec.MaxReplicas || current < spec.MinReplicas)
        {
            // Out of range: straight to the bound, without consulting metrics.
            var bound = current > spec.MaxReplicas ? spec.MaxReplicas : spec.MinReplicas;
            return new HpaDecision([], null, null, bound, ScaleEvents.Store(spec.Behavior, history, current, bound, now));
        }

        var (proposals, proposal) = ComputeReplicasForMetrics(spec, input);
        if (proposal is not { } metricDesired)
        {
            // No usable proposal: the sync fails and the scale is left alone.
            return new HpaDecision(proposals, null, null, current, history);
        }
        // reconcileAutoscaler starts its desired count at 0 and raises it to the metrics' proposal.
        var prenormalized = Math.Max(metricDesired, 0);
        var (stabilized, (desired, limit), next) = spec.Behavior is { } behavior
            ? NormalizeDesiredReplicasWithBehaviors(spec, behavior, history, current, prenormalized, now)
            : NormalizeDesiredReplicas(spec, history, current, prenormalized, now);
        if (desired != current)
        {
            next = ScaleEvents.Store(spec.Behavior, next, current, desired, now);
        }
        return new HpaDecision(proposals, metricDesired, stabilized, desired, next with { ScalingLimited = limit });
    }

    // computeReplicasForMetrics: the highest proposal over the metrics. A metric in error is skipped, but if
    // every metric is in error, or the valid ones would scale down, the sync fails: a missing metric must
    // never cause a scale-down.
    private (IReadOnlyList<MetricProposal> Proposals, int? Replicas) ComputeReplicasForMetrics(HpaSpec spec, HpaSyncInput input)
    {
        var tolerances = Tolerances.For(spec, _options);
        var specReplicas = input.CurrentReplicas;
        var statusReplicas = input.StatusReplicas ?? specReplicas;
        var proposals = new List<MetricProposal>(spec.Metrics.Count);
        var replicas = 0;
        var invalid = 0;
        for (var i = 0; i < spec.Metrics.Count; i++)
        {
            int proposal;
            try
            {
                proposal = MetricReplicas.Compute(spec.Metrics[i], input.Metrics[i], specReplicas, statusReplicas, tolerances, input.Pods);
            }
            catch (MetricException e)
            {
                invalid++;
                proposals.Add(new MetricProposal(null, e.Message));
                continue;
            }
            proposals.Add(new MetricProposal(proposal, null));
            if (replicas == 0 || proposal > replicas)
            {
                replicas = proposal;
            }
        }
        var failed = invalid >= spec.Metrics.Count || (invalid > 0 && replicas < specReplicas);
        return (proposals, failed ? null : replicas);
    }

    // normalizeDesiredReplicas (no behavior): the downscale stabilization window, then minReplicas,
    // maxReplicas and the scale-up limit of convertDesiredReplicasWithRules.
    private (int Stabilized, LimitedReplicas Desired, HpaHistory History) NormalizeDesiredReplicas(HpaSpec spec, HpaHistory history, int current, int prenormalized, TimeSpan now)
    {
        var (stabilized, recommendations) = Stabilization.Legacy(history.Recommendations, prenormalized, now, _options.DownscaleStabilizationWindow);
        var desired = ScaleLimits.WithRules(current, stabilized, spec.MinReplicas, spec.MaxReplicas);
        return (stabilized, desired, history with { Recommendations = recommendations });
    }

    // normalizeDesiredReplicasWithBehaviors: both stabilization windows, then the policies' rate limits and
    // minReplicas/maxReplicas (convertDesiredReplicasWithBehaviorRate).
    private (int Stabilized, LimitedReplicas Desired, HpaHistory History) NormalizeDesiredReplicasWithBehaviors(HpaSpec spec, HpaBehavior behavior, HpaHistory history, int current, int prenormalized, TimeSpan now)
    {
        // The API server always sets scaleUp's window (0 by default) and leaves scaleDown's to the
        // controller's flag (maybeInitScaleDownStabilizationWindow).
        var upWindow = Window.Seconds(behavior.ScaleUp.StabilizationWindowSeconds ?? 0);
        var downWindow = behavior.ScaleDown.StabilizationWindowSeconds is { } seconds ? Window.Seconds(seconds) : _options.DownscaleStabilizationWindow;
        var (stabilized, recommendations) = Stabilization.WithBehaviors(history.Recommendations, prenormalized, current, now, upWindow, downWindow);
        var next = history with { Recommendations = recommendations };
        var desired = ScaleLimits.WithBehaviorRate(behavior, next, current, stabilized, spec.MinReplicas, spec.MaxReplicas, now);
        return (stabilized, desired, next);
    }
}
