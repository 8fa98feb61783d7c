using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Peers.Aibrix;

/// <summary>
/// AIBrix's APA (pkg/controller/podautoscaler/algorithm/apa.go): with the metric's use per pod over its target as r,
/// it scales to ⌈current × r⌉ (at most current × max-scale-up-rate) when r exceeds 1 + up tolerance, to ⌈current × r⌉
/// (at least current / max-scale-down-rate) when r falls below 1 − down tolerance, and holds within the band. The
/// scale-down cooldown window then holds the largest recommendation; the result is clamped to min and max.
/// Missing metrics hold the current scale.
/// </summary>
public sealed class ApaController(PodAutoscalerSpec spec) : IReplicaController
{
    private readonly ScaleDownCooldown _cooldown = new(spec.ScaleDownCooldown);

    /// <inheritdoc />
    public TimeSpan Period { get; } = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public int InitialReplicas => Math.Max(1, spec.MinReplicas);

    /// <inheritdoc />
    public ControllerDecision Sync(ControllerView view)
    {
        var current = view.CurrentReplicas;
        if (view.Metrics.PodValues(spec.Signal) is not { Count: > 0 } values) return new ControllerDecision(current, null);
        var ratio = values.Average() / spec.TargetValue;
        var desired = current;
        if (ratio > 1 + spec.UpTolerance)
            desired = (int)Math.Min(Math.Ceiling(current * ratio), Math.Ceiling(spec.MaxScaleUpRate * current));
        else if (ratio < 1 - spec.DownTolerance)
            desired = (int)Math.Max(Math.Ceiling(current * ratio), Math.Floor(current / spec.MaxScaleDownRate));
        var proposal = desired;
        var (limited, limit) = LimitedReplicas.Clamp(_cooldown.Apply(view.Now.TotalSeconds, desired), spec.MinReplicas, spec.MaxReplicas);
        return new ControllerDecision(limited, proposal) { Limited = limit };
    }
}
