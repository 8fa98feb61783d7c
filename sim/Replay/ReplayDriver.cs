using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// Advances a replay's time: reads the trace's requests and routes each to the fleet, runs the fleet between them by
/// steps (<see cref="RunSteps"/>) or from event to event (<see cref="RunEvents"/>), and calls the replay's rounds at
/// every signal interval and sync, on the same instants in both. Counts what arrived, in all and since the last
/// <see cref="ResetWindow"/>. Owns the trace's requests.
/// </summary>
/// <typeparam name="TFleet">The fleet, as a struct, so that the per-arrival path calls it directly.</typeparam>
internal sealed class ReplayDriver<TFleet> : IDisposable where TFleet : struct, IDrivenFleet
{
    private readonly TFleet _fleet;
    private readonly AppliedTrace _requests;
    private readonly double _dt, _maxDrain, _attainablePrompt, _firstColdStart;
    private readonly long _signalEvery, _syncEvery;
    private TraceRequest _next;
    private bool _more;
    private double _lastArrival;

    public ReplayDriver(ReplaySetup setup, TimeSpan syncPeriod, TFleet fleet, AppliedTrace requests)
    {
        _fleet = fleet;
        _requests = requests;
        _dt = setup.Fleet.Step.TotalSeconds;
        // Signal cycles and syncs fall on whole steps in both timings, so both models cycle and sync at the same times.
        _signalEvery = Math.Max(1, (long)Math.Round(setup.Signals.Interval.TotalSeconds / _dt));
        _syncEvery = Math.Max(1, (long)Math.Round(syncPeriod.TotalSeconds / _dt));
        _maxDrain = setup.MaxDrain.TotalSeconds;
        // A prompt longer than this misses the objective on an idle replica: no fleet can serve it in time.
        _attainablePrompt = setup.AttainablePromptTokens;
        _firstColdStart = setup.FirstColdStartSeconds;
    }

    /// <summary>Requests that arrived.</summary>
    public long Total { get; private set; }

    /// <summary>How the trace's requests share arrival instants (its first pass).</summary>
    public ArrivalInstants Instants => _requests.Instants;

    /// <summary>Requests whose prompt no replica could prefill within the objective even when idle.</summary>
    public long Unattainable { get; private set; }

    /// <summary>Attainable requests that arrived after the first cold start (<see cref="ReplaySetup.FirstColdStartSeconds"/>).</summary>
    public long AttainableAfterFirstColdStart { get; private set; }

    /// <summary>Requests that arrived since the last <see cref="ResetWindow"/>.</summary>
    public long WindowArrivals { get; private set; }

    /// <summary>Their output tokens.</summary>
    public long WindowOutputTokens { get; private set; }

    /// <summary>Their prompt tokens.</summary>
    public long WindowPromptTokens { get; private set; }

    /// <summary>Starts a new window of arrivals.</summary>
    public void ResetWindow() => WindowArrivals = WindowOutputTokens = WindowPromptTokens = 0;

    /// <summary>The step model: every step routes its arrivals at its start and advances the fleet.</summary>
    /// <returns>When the replay ended.</returns>
    public double RunSteps(IReplayRounds rounds)
    {
        var dt = _dt;
        // Countdowns rather than a modulo of the step number at every step.
        long toSignal = _signalEvery, toSync = _syncEvery;
        _more = _requests.TryNext(out _next);
        for (long step = 0; ; step++)
        {
            var t = step * dt;
            var now = t + dt;
            while (_more && _next.ArrivalSeconds < now) Arrive(t);
            _fleet.Step(t, dt);
            if (--toSignal == 0)
            {
                toSignal = _signalEvery;
                rounds.Cycle(now);
            }
            if (--toSync == 0)
            {
                toSync = _syncEvery;
                rounds.Sync(now);
            }
            if (!_more && (_fleet.Idle || now - _lastArrival > _maxDrain)) return now;
        }
    }

    /// <summary>
    /// The event-driven fleet: each arrival is routed at its own instant, the fleet runs from event to event in
    /// between, and the signal cycles and syncs fall on the same instants as the step model's. It ends when the
    /// last request is done, or the drain limit after the last arrival.
    /// </summary>
    /// <returns>When the replay ended.</returns>
    public double RunEvents(IReplayRounds rounds)
    {
        var dt = _dt;
        long signalStep = _signalEvery, syncStep = _syncEvery;
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
                var drainEnd = _lastArrival + _maxDrain;
                var stopped = _fleet.RunUntil(Math.Min(boundary, drainEnd), stopWhenIdle: true);
                if (_fleet.Idle || stopped >= drainEnd) return stopped;
            }
            else
            {
                _fleet.RunUntil(boundary, stopWhenIdle: false);
            }
            if (boundaryStep == signalStep)
            {
                rounds.Cycle(boundary);
                signalStep += _signalEvery;
            }
            if (boundaryStep == syncStep)
            {
                rounds.Sync(boundary);
                syncStep += _syncEvery;
            }
        }
    }

    public void Dispose() => _requests.Dispose();

    private void Arrive(double at)
    {
        var r = _next;
        _fleet.Arrive(r.ArrivalSeconds, r.PromptTokens, r.OutputTokens, at, r.Blocks);
        if (r.PromptTokens > _attainablePrompt) Unattainable++;
        else if (r.ArrivalSeconds >= _firstColdStart) AttainableAfterFirstColdStart++;
        Total++;
        WindowArrivals++;
        WindowOutputTokens += r.OutputTokens;
        WindowPromptTokens += r.PromptTokens;
        _lastArrival = r.ArrivalSeconds;
        _more = _requests.TryNext(out _next);
    }
}
