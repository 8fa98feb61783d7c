using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Sim.Fleet;
using Headroom.Sim.Hpa;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// One replay's moving parts and what it counts: the trace being read, the fleet, the adapter's pipeline, the
/// controller and the timeline. Time advances through <see cref="ReplayDriver{TFleet}"/>, by steps or events as the
/// fleet's timing says; this loop is what happens at each signal interval and sync, the same for both.
/// </summary>
internal sealed class ReplayLoop : IReplayRounds, IDisposable
{
    private readonly ReplaySetup _setup;
    private readonly IReplicaController _controller;
    private readonly RequestStats _stats;
    private readonly FleetSignals _signals;
    private readonly ReplayDriver<DrivenFleet> _driver;
    private readonly Action<double>? _progress;
    private readonly long _fileLength;
    private readonly BoundedTimeline _timeline = new();
    private int _passes;
    private long _lastBytes;
    private ControllerDecision _lastDecision;

    public ReplayLoop(ReplaySetup setup, IReplicaController controller, RequestStats stats, Action<double>? progress)
    {
        _setup = setup;
        _controller = controller;
        _stats = stats;
        _progress = progress;
        Fleet = setup.Fleet.Build(stats, setup.Fleet.InitialReplicas ?? controller.InitialReplicas);
        _signals = new FleetSignals(setup.Workload, setup.Signals, setup.Fleet.PodsPerReplica);
        Reader = new TraceReader(setup.TracePath, setup.BadRows);
        _fileLength = Math.Max(1, new FileInfo(setup.TracePath).Length);
        _driver = new ReplayDriver<DrivenFleet>(setup, controller.Period, new DrivenFleet(Fleet), setup.Trace.Apply(Reader));
        _lastDecision = new ControllerDecision(Fleet.Scale, null);
    }

    public FleetModel Fleet { get; }

    public TraceReader Reader { get; }

    public IReadOnlyList<TimelineRow> Timeline => _timeline.Rows;

    public long Total => _driver.Total;

    public ArrivalInstants Instants => _driver.Instants;

    public long Unattainable => _driver.Unattainable;

    public long AttainableAfterFirstColdStart => _driver.AttainableAfterFirstColdStart;

    public int ScaleEvents { get; private set; }

    public LimitedTime Limited { get; } = new();

    /// <summary>The 100 ms step model: every step routes its arrivals at its start and advances every replica.</summary>
    /// <returns>When the replay ended.</returns>
    public double RunSteps() => _driver.RunSteps(this);

    /// <summary>
    /// The event-driven fleet: each arrival is routed at its own instant, the fleet runs from event to event in
    /// between, and the signal cycles and syncs fall on the same instants as the step model's.
    /// </summary>
    /// <returns>When the replay ended.</returns>
    public double RunEvents() => _driver.RunEvents(this);

    /// <summary>Ends the replay at <paramref name="end"/>: drops what is left and writes the last, partial period, so the timeline accounts for every request.</summary>
    public void Finish(double end)
    {
        Fleet.DropRemaining(end);
        Limited.Until(end);
        var rows = _timeline.Rows;
        var lastRow = rows.Count > 0 ? rows[^1].TimeSeconds : 0;
        if (end > lastRow + 1e-9)
        {
            _timeline.Add(Row(end, end - lastRow, _signals.Metrics(end), _lastDecision with { Proposal = null }));
        }
        _progress?.Invoke(1);
    }

    public void Dispose() => _driver.Dispose();

    void IReplayRounds.Cycle(double now) => _signals.Cycle(Fleet, now);

    void IReplayRounds.Sync(double now) => Sync(now);

    private void Sync(double now)
    {
        var fleet = Fleet;
        var view = ControllerView.Of(fleet, now, _signals.Metrics(now));
        var before = view.CurrentReplicas;
        var decision = _controller.Sync(view);
        Limited.Sync(now, decision);
        if (decision.DesiredReplicas != before)
        {
            fleet.ScaleTo(decision.DesiredReplicas, now);
            ScaleEvents++;
        }
        _timeline.Add(Row(now, _controller.Period.TotalSeconds, view.Metrics, decision));
        _lastDecision = decision;
        _driver.ResetWindow();
        if (_progress is not null)
        {
            if (Reader.BytesRead < _lastBytes) _passes++;
            _lastBytes = Reader.BytesRead;
            _progress(Math.Min(1, (_passes + Reader.BytesRead / (double)_fileLength) / _setup.Trace.Loop));
        }
    }

    private TimelineRow Row(double now, double period, SnapshotMetrics metrics, ControllerDecision decision)
    {
        int ready = 0, pending = 0, terminating = 0, queue = Fleet.Held, running = 0;
        foreach (var r in Fleet.Replicas)
        {
            if (r.Terminating) terminating++;
            else if (r.ReadyAt <= now) ready++;
            else pending++;
            queue += r.Waiting;
            running += r.Running;
        }
        var window = _stats.TakeWindow();
        return new TimelineRow(now, _driver.WindowArrivals / period, _driver.WindowOutputTokens / period, metrics.Value(CatalogMetric.TokenDemandForecast),
            metrics.Value(CatalogMetric.DesiredReplicas), decision.Proposal, decision.DesiredReplicas, ready, pending, terminating, queue, running,
            metrics.Value(CatalogMetric.GpuDutyCycle), metrics.Value(CatalogMetric.KvCacheUtilization), window.Completed, window.Dropped,
            window.MeanTtft, window.MaxTtft, _driver.WindowPromptTokens / period, metrics.Decision?.BoundBy,
            metrics.Decision?.ForecastModel, window.Missed, decision.Limited.Reason(), metrics.Decision?.DispatchLoadFactor,
            metrics.Decision?.PromptArrivalNoise);
    }
}
