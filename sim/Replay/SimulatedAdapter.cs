using Headroom.Serving;
using Headroom.Serving.Provider;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Sim.Replay;

/// <summary>
/// The adapter's data path hosted on simulated time: the server's <see cref="SignalPipeline"/> over a source, its
/// <see cref="ForecastRefits"/> schedule, and the published snapshot that the provider answers from
/// (<see cref="Metrics"/>). Where the adapter waits on timers, the replay calls <see cref="Cycle"/> at each signal
/// interval's simulated instant, and the refit rounds due by then run first, each at its own instant.
/// </summary>
/// <remarks>
/// A refit round in the server stops when its wall-time budget (<c>forecast.refitBudget</c>) is spent, leaving the
/// workloads it did not reach for the next round. A replay runs every round without that budget, so that its
/// results never depend on how fast or busy the machine is: the same inputs give the same timeline. For the one
/// workload a replay has this changes nothing, since a round always fits its first due workload whatever the budget.
/// </remarks>
public sealed class SimulatedAdapter
{
    private readonly SimulatedClock _clock = new();
    private readonly SignalPipeline _pipeline;
    private readonly ForecastRefits _refits;
    private readonly SnapshotStore _store = new();
    private readonly SnapshotMetricsProvider _provider;
    private readonly WorkloadSpec _workload;
    private readonly LabelSelector _workloadSeries;
    private DateTimeOffset? _nextRefit;

    /// <summary>Hosts the pipeline for one workload read from <paramref name="source"/>.</summary>
    public SimulatedAdapter(WorkloadSpec workload, IWorkloadSource source, SignalOptions options)
    {
        _workload = workload;
        _workloadSeries = SnapshotMetrics.SeriesOf(workload);
        _pipeline = new SignalPipeline([workload], source, options, _clock, NullLogger<SignalPipeline>.Instance);
        _refits = new ForecastRefits(_pipeline, source, options, NullLogger<ForecastRefits>.Instance);
        _provider = new SnapshotMetricsProvider(_store, options, _clock);
    }

    /// <summary>The last snapshot published; empty before the first cycle, as the adapter's store is.</summary>
    public SignalSnapshot Snapshot => _store.Current;

    /// <summary>Runs the refit rounds due by <paramref name="at"/>, then one pipeline cycle at <paramref name="at"/>, and publishes its snapshot.</summary>
    public SignalSnapshot Cycle(DateTimeOffset at)
    {
        Refit(at);
        _clock.Now = at;
        // A source that answers at once completes the cycle synchronously (one workload: no thread-pool hop).
        var snapshot = _pipeline.RunCycleAsync(CancellationToken.None).GetAwaiter().GetResult().Snapshot;
        _store.Publish(snapshot);
        return snapshot;
    }

    /// <summary>
    /// The metrics APIs as they answer at <paramref name="now"/> from the last published snapshot. The view reads the
    /// replay's clock, so it is read within the sync it was made for, before the next cycle.
    /// </summary>
    public SnapshotMetrics Metrics(DateTimeOffset now)
    {
        _clock.Now = now;
        return new SnapshotMetrics(_provider, _store.Current, _workload, _workloadSeries);
    }

    // As the adapter's refitter: a warm start when it starts, a round at once, then one every forecast step.
    private void Refit(DateTimeOffset until)
    {
        if (_nextRefit is null)
        {
            _clock.Now = until;
            _refits.WarmStartAsync(CancellationToken.None).GetAwaiter().GetResult();
            _nextRefit = until;
        }
        while (_nextRefit <= until)
        {
            _clock.Now = _nextRefit.Value;
            _refits.RunRound(budget: null, CancellationToken.None);
            _nextRefit += _refits.Period;
        }
    }
}
