using Headroom.Sim.Hpa;

namespace Headroom.Sim.Replay;

/// <summary>The HPA controller model as a replay controller: one <see cref="HpaController.Sync"/> per period, its history kept between syncs.</summary>
public sealed class HpaReplicaController(HpaSpec spec, HpaController? controller = null) : IReplicaController
{
    private readonly HpaController _controller = controller ?? new HpaController();
    private HpaHistory _history = HpaHistory.Empty;

    /// <inheritdoc />
    public TimeSpan Period => _controller.Options.SyncPeriod;

    /// <inheritdoc />
    public int InitialReplicas => Math.Max(1, spec.MinReplicas);

    /// <inheritdoc />
    public ControllerDecision Sync(ControllerView view)
    {
        var pods = view.Pods.Select(p => new PodState(p.Name, p.Ready ? PodPhase.Running : PodPhase.Pending, p.Ready)).ToList();
        var samples = spec.Metrics.Select(view.Metrics.Read).ToList();
        var decision = _controller.Sync(spec, new HpaSyncInput(view.Now, view.CurrentReplicas, pods, samples), _history);
        _history = decision.History;
        return new ControllerDecision(decision.DesiredReplicas, decision.Proposal);
    }
}
