using Headroom.Sim.Hpa;
using Headroom.Sim.Peers.Wva;

namespace Headroom.Sim.Replay;

/// <summary>
/// The HPA controller model as a replay controller: one <see cref="HpaController.Sync"/> per period, its history kept
/// between syncs. An HPA on wva_desired_replicas reads it from a model of the workload-variant-autoscaler that publishes it.
/// </summary>
public sealed class HpaReplicaController(HpaSpec spec, HpaController? controller = null) : IReplicaController
{
    private readonly HpaController _controller = controller ?? new HpaController();
    private readonly SaturationPolicy? _wva = spec.Metrics.Any(m => m.Name == SaturationPolicy.MetricName) ? new SaturationPolicy() : null;
    private HpaHistory _history = HpaHistory.Empty;

    /// <inheritdoc />
    public TimeSpan Period => _controller.Options.SyncPeriod;

    /// <inheritdoc />
    public int InitialReplicas => Math.Max(1, spec.MinReplicas);

    /// <inheritdoc />
    public ControllerDecision Sync(ControllerView view)
    {
        var pods = view.Pods.Select(p => new PodState(p.Name, p.Ready ? PodPhase.Running : PodPhase.Pending, p.Ready)).ToList();
        var samples = spec.Metrics.Select(m => _wva is not null && m.Name == SaturationPolicy.MetricName ? _wva.Read(view) : view.Metrics.Read(m)).ToList();
        var decision = _controller.Sync(spec, new HpaSyncInput(view.Now, view.CurrentReplicas, pods, samples), _history);
        _history = decision.History;
        return new ControllerDecision(decision.DesiredReplicas, decision.Proposal) { Limited = decision.Limited };
    }
}
