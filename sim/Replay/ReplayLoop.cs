using System.Runtime.CompilerServices;
using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Sim.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// One replay's moving parts and what it counts: the trace being read, the fleet, the adapter's pipeline, the
/// controller and the timeline. The fleet's timing decides how time advances (<see cref="RunSteps"/>,
/// <see cref="RunEvents"/>); what happens at each arrival, signal interval and sync is the same for both.
/// </summary>
internal sealed class ReplayLoop : IDisposable
{
    private readonly ReplaySetup _setup;
    private readonly IReplicaController _controller;
    private readonly RequestStats _stats;
    private readonly FleetSignals _signals;
    private readonly AppliedTrace _requests;
    private readonly Action<double>? _progress;
    private readonly long _fileLength;
    private readonly double _attainablePrompt;
    private readonly BoundedTimeline _timeline = new();
    private long _windowArrivals, _windowTokens, _windowPrompt;
    private int _passes;
    private long _lastBytes;
    private ControllerDecision _lastDecision;
    private TraceRequest _next;
    private bool _more;
    private double _lastArrival;

    public ReplayLoop(ReplaySetup setup, IReplicaController controller, RequestStats stats, Action<double>? progress)
    {
        _setup = setup;
        _controller = controller;
        _stats = stats;
        _progress = progress;
        // A prompt longer than this misses the objective on an idle replica: no fleet can serve it in time.
        _attainablePrompt = setup.SloTtftSeconds * Oracle.UnloadedPrefillTokensPerSecond(setup.Fleet.Model);
        Fleet = setup.Fleet.Build(stats, setup.Fleet.InitialReplicas ?? controller.InitialReplicas);
        _signals = new FleetSignals(setup.Workload, setup.Signals, setup.Fleet.PodsPerReplica);
        Reader = new TraceReader(setup.TracePath, setup.BadRows);
        _fileLength = Math.Max(1, new FileInfo(setup.TracePath).Length);
        _requests = setup.Trace.Apply(Reader);
        _lastDecision = new ControllerDecision(Fleet.Scale, null);
    }

    public FleetModel Fleet { get; }

    public TraceReader Reader { get; }

    public IReadOnlyList<TimelineRow> Timeline => _timeline.Rows;

    public long Total { get; private set; }

    public long Unattainable { get; private set; }

    public int ScaleEvents { get; private set; }

    /// <summary>The 100 ms step model: every step routes its arrivals at its start and advances every replica.</summary>
    /// <returns>When the replay ended.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public double RunSteps()
    {
        var dt = _setup.Fleet.Step.TotalSeconds;
        var signalEvery = Math.Max(1, (long)Math.Round(_setup.Signals.Interval.TotalSeconds / dt));
        var syncEvery = Math.Max(1, (long)Math.Round(_controller.Period.TotalSeconds / dt));
        // Countdowns rather than a modulo of the step number at every step.
        long toSignal = signalEvery, toSync = syncEvery;
        _more = _requests.TryNext(out _next);
        for (long step = 0; ; step++)
        {
            var t = step * dt;
            var stepEnd = t + dt;
            while (_more && _next.ArrivalSeconds < stepEnd) Arrive(t);
            Fleet.Step(t, dt);
            var now = stepEnd;
            if (--toSignal == 0)
            {
                toSignal = signalEvery;
                _signals.Cycle(Fleet, now);
            }
            if (--toSync == 0)
            {
                toSync = syncEvery;
                Sync(now);
            }
            if (!_more && (Fleet.Idle || now - _lastArrival > _setup.MaxDrain.TotalSeconds)) return now;
        }
    }

    /// <summary>
    /// The event-driven fleet: each arrival is routed at its own instant, the fleet runs from event to event in
    /// between, and the signal cycles and syncs fall on the same instants as the step model's. It ends when the
    /// last request is done, or the drain limit after the last arrival.
    /// </summary>
    /// <returns>When the replay ended.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public double RunEvents()
    {
        // The step model's instants (a whole number of steps), so both models cycle and sync at the same times.
        var dt = _setup.Fleet.Step.TotalSeconds;
        var signalEvery = Math.Max(1, (long)Math.Round(_setup.Signals.Interval.TotalSeconds / dt));
        var syncEvery = Math.Max(1, (long)Math.Round(_controller.Period.TotalSeconds / dt));
        long signalStep = signalEvery, syncStep = syncEvery;
        var routedAt = 0.0;
        _more = _requests.TryNext(out _next);
        while (true)
        {
            var boundaryStep = Math.Min(signalStep, syncStep);
            var boundary = boundaryStep * dt;
            while (_more && _next.ArrivalSeconds < boundary)
            {
                // Rows out of time order are routed when they are read, never in the fleet's past.
                routedAt = Math.Max(routedAt, _next.ArrivalSeconds);
                Arrive(routedAt);
            }
            if (!_more)
            {
                var drainEnd = _lastArrival + _setup.MaxDrain.TotalSeconds;
                var stopped = Fleet.RunUntil(Math.Min(boundary, drainEnd), stopWhenIdle: true);
                if (Fleet.Idle || stopped >= drainEnd) return stopped;
            }
            else
            {
                Fleet.RunUntil(boundary);
            }
            if (boundaryStep == signalStep)
            {
                _signals.Cycle(Fleet, boundary);
                signalStep += signalEvery;
            }
            if (boundaryStep == syncStep)
            {
                Sync(boundary);
                syncStep += syncEvery;
            }
        }
    }

    /// <summary>Ends the replay at <paramref name="end"/>: drops what is left and writes the last, partial period, so the timeline accounts for every request.</summary>
    public void Finish(double end)
    {
        Fleet.DropRemaining(end);
        var rows = _timeline.Rows;
        var lastRow = rows.Count > 0 ? rows[^1].TimeSeconds : 0;
        if (end > lastRow + 1e-9)
        {
            _timeline.Add(Row(end, end - lastRow, _signals.Metrics(end), _lastDecision with { Proposal = null }));
        }
        _progress?.Invoke(1);
    }

    public void Dispose() => _requests.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    private void Arrive(double at)
    {
        var r = _next;
        Fleet.Arrive(r.ArrivalSeconds, r.PromptTokens, r.OutputTokens, at);
        if (r.PromptTokens > _attainablePrompt) Unattainable++;
        Total++;
        _windowArrivals++;
        _windowTokens += r.OutputTokens;
        _windowPrompt += r.PromptTokens;
        _lastArrival = r.ArrivalSeconds;
        _more = _requests.TryNext(out _next);
    }

    private void Sync(double now)
    {
        var fleet = Fleet;
        var view = new ControllerView(TimeSpan.FromSeconds(now), fleet.Scale,
            fleet.Replicas.Where(p => !p.Terminating).Select(p => (p.Name, p.ReadyAt <= now)).ToArray(),
            _signals.Metrics(now));
        var before = fleet.Scale;
        var decision = _controller.Sync(view);
        if (decision.DesiredReplicas != before)
        {
            fleet.ScaleTo(decision.DesiredReplicas, now);
            ScaleEvents++;
        }
        _timeline.Add(Row(now, _controller.Period.TotalSeconds, view.Metrics, decision));
        _lastDecision = decision;
        _windowArrivals = _windowTokens = _windowPrompt = 0;
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
        return new TimelineRow(now, _windowArrivals / period, _windowTokens / period, metrics.Value(CatalogMetric.TokenDemandForecast),
            metrics.Value(CatalogMetric.DesiredReplicas), decision.Proposal, decision.DesiredReplicas, ready, pending, terminating, queue, running,
            metrics.Value(CatalogMetric.GpuDutyCycle), metrics.Value(CatalogMetric.KvCacheUtilization), window.Completed, window.Dropped,
            window.MeanTtft, window.MaxTtft, _windowPrompt / period, metrics.Decision?.BoundBy,
            metrics.Decision?.ForecastModel);
    }
}
