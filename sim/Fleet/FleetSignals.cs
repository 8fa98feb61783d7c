using Headroom.Fleet;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Fleet;

/// <summary>
/// Runs the adapter's own data path over the fleet model on simulated time: the fleet is the source
/// (<see cref="FleetSource"/>) of the server's <see cref="SignalPipeline"/>, forecasts are refitted on the server's
/// schedule (<see cref="SimulatedAdapter"/>), and controllers read what the server's provider would answer, so a
/// controller sees headroom_* signals exactly as the server would compute and serve them.
/// </summary>
internal sealed class FleetSignals
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;
    private readonly WorkloadSpec _spec;
    private readonly FleetSource _source;
    private readonly SimulatedAdapter _adapter;

    /// <param name="spec">The workload; with <c>groupBy</c>, its pods are grouped into replicas by the server's router.</param>
    /// <param name="options">The adapter's signal options.</param>
    /// <param name="podsPerReplica">Pods per replica: above one, each replica is presented as a LeaderWorkerSet group.</param>
    public FleetSignals(WorkloadSpec spec, SignalOptions options, int podsPerReplica = 1)
    {
        _spec = spec;
        _source = new FleetSource(spec, podsPerReplica);
        // The server's router, so that a replay groups pods with the same code the server does.
        IWorkloadSource source = spec.GroupBy is null ? _source : new SourceRouter(new Dictionary<SourceKind, IWorkloadSource> { [spec.Source] = _source });
        _adapter = new SimulatedAdapter(spec, source, options);
    }

    /// <summary>The workload's signals in the last published snapshot.</summary>
    public WorkloadSignals Latest => _adapter.Snapshot.Workloads.FirstOrDefault() ?? WorkloadSignals.NotYetObserved(_spec);

    /// <summary>The instant a replay time maps to.</summary>
    public static DateTimeOffset At(double seconds) => Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>Observes the fleet at <paramref name="now"/> and publishes the workload's signals.</summary>
    public void Cycle(FleetModel fleet, double now)
    {
        fleet.Settle(now);
        _source.Set(fleet, now);
        _adapter.Cycle(At(now));
    }

    /// <summary>The metrics APIs as the adapter would answer them at replay time <paramref name="now"/>.</summary>
    public SnapshotMetrics Metrics(double now) => _adapter.Metrics(At(now));
}
