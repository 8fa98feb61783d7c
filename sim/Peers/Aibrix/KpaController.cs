using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Peers.Aibrix;

/// <summary>
/// AIBrix's KPA (pkg/controller/podautoscaler/algorithm/kpa.go, after Knative's autoscaler): every tick the metric's
/// total over ready pods is averaged over the stable and the panic window; desired pods are ⌈average / target⌉ for
/// each, kept within [ready / max-scale-down-rate, ready × max-scale-up-rate]. When the panic-window count reaches
/// panic-threshold × ready pods, panic mode starts (and is extended while it holds); in panic the larger of the two
/// counts applies and nothing is scaled down; panic ends one stable window after the threshold was last crossed.
/// A scaler that starts over more than one ready pod starts in panic at the current scale (Knative's rule). The
/// scale-down cooldown window then holds the largest recommendation, and the result is clamped to min and max.
/// Missing metrics hold the current scale.
/// </summary>
public sealed class KpaController(PodAutoscalerSpec spec) : IReplicaController
{
    private readonly ObservedTotals _totals = new(spec.StableWindow);
    private readonly ScaleDownCooldown _cooldown = new(spec.ScaleDownCooldown);
    private double? _panicSince;
    private int _maxPanicPods;
    private bool _started;

    /// <inheritdoc />
    public TimeSpan Period { get; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public int InitialReplicas => Math.Max(1, spec.MinReplicas);

    /// <inheritdoc />
    public ControllerDecision Sync(ControllerView view)
    {
        var now = view.Now.TotalSeconds;
        if (view.Metrics.PodValues(spec.Signal) is not { } values) return new ControllerDecision(view.CurrentReplicas, null);
        _totals.Add(now, values.Sum());

        var ready = Math.Max(1, view.Pods.Count(p => p.Ready));
        // Knative's rule, kept by AIBrix: a scaler that starts over more than one pod starts in panic, holding the
        // current scale until its windows have data.
        if (!_started)
        {
            _started = true;
            if (ready > 1) (_panicSince, _maxPanicPods) = (now, ready);
        }
        var maxUp = Math.Max(1, Math.Ceiling(spec.MaxScaleUpRate * ready));
        var maxDown = Math.Floor(ready / spec.MaxScaleDownRate);
        var stablePods = Math.Ceiling(_totals.Average(now, spec.StableWindow) / spec.TargetValue);
        var panicPods = Math.Ceiling(_totals.Average(now, spec.PanicWindow) / spec.TargetValue);
        var desiredStable = (int)Math.Min(Math.Max(stablePods, maxDown), maxUp);
        var desiredPanic = (int)Math.Min(Math.Max(panicPods, maxDown), maxUp);

        if (panicPods / ready >= spec.PanicThreshold) _panicSince = now;
        else if (_panicSince is { } since && now - since > spec.StableWindow.TotalSeconds)
        {
            _panicSince = null;
            _maxPanicPods = 0;
        }

        var desired = desiredStable;
        if (_panicSince is not null)
        {
            desired = Math.Max(desired, desiredPanic);
            _maxPanicPods = Math.Max(_maxPanicPods, desired);
            desired = _maxPanicPods;
        }
        var proposal = desired;
        var (limited, limit) = LimitedReplicas.Clamp(_cooldown.Apply(now, desired), spec.MinReplicas, spec.MaxReplicas);
        return new ControllerDecision(limited, proposal) { Limited = limit };
    }
}
