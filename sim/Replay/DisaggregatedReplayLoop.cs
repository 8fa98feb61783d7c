using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Sim.Fleet;
using Headroom.Sim.Hpa;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// A replay of a prefill/decode fleet (<see cref="DisaggregatedFleet"/>): the trace arrives at the prefill replicas,
/// each role is observed by the adapter's pipeline as a workload role of its own (<see cref="FleetSignals"/> over its
/// fleet) and scaled by its own controller, at the same signal intervals and syncs as <see cref="ReplayLoop"/>, time
/// advancing through the same <see cref="ReplayDriver{TFleet}"/>. Each sync writes a row per role and one for the two
/// together (replicas summed, requests end to end).
/// </summary>
internal sealed class DisaggregatedReplayLoop : IReplayRounds, IDisposable
{
    private readonly RequestStats _stats;
    private readonly ReplayDriver<DrivenDisaggregatedFleet> _driver;
    private readonly Lane _prefill;
    private readonly Lane _decode;
    private readonly BoundedTimeline _timeline = new();
    private readonly TimeSpan _period;

    public DisaggregatedReplayLoop(ReplaySetup setup, RolePair<IReplicaController> controllers, RequestStats stats)
    {
        var roles = setup.Roles ?? throw new InvalidOperationException("a prefill/decode replay needs the workload's two roles");
        var disaggregation = setup.Fleet.Disaggregation ?? throw new InvalidOperationException("a prefill/decode replay needs a fleet with disaggregation");
        if (controllers.Prefill.Period != controllers.Decode.Period)
            throw new ArgumentException($"the prefill and decode controllers sync every {controllers.Prefill.Period.TotalSeconds}s and {controllers.Decode.Period.TotalSeconds}s; the replay syncs both at once, so give them the same period");
        _stats = stats;
        _period = controllers.Prefill.Period;
        Fleet = setup.Fleet.BuildDisaggregated(stats,
            disaggregation.PrefillReplicas ?? setup.Fleet.InitialReplicas ?? controllers.Prefill.InitialReplicas,
            disaggregation.DecodeReplicas ?? setup.Fleet.InitialReplicas ?? controllers.Decode.InitialReplicas);
        _prefill = new Lane(controllers.Prefill, new FleetSignals(roles.Prefill, setup.Signals), Fleet.Prefill);
        _decode = new Lane(controllers.Decode, new FleetSignals(roles.Decode, setup.Signals), Fleet.Decode);
        Reader = new TraceReader(setup.TracePath, setup.BadRows);
        _driver = new ReplayDriver<DrivenDisaggregatedFleet>(setup, _period, new DrivenDisaggregatedFleet(Fleet), setup.Trace.Apply(Reader));
    }

    public DisaggregatedFleet Fleet { get; }

    public TraceReader Reader { get; }

    /// <summary>Both roles together, one row per sync.</summary>
    public IReadOnlyList<TimelineRow> Timeline => _timeline.Rows;

    /// <summary>Each role's rows.</summary>
    public RolePair<IReadOnlyList<TimelineRow>> RoleTimelines => new(_prefill.Timeline.Rows, _decode.Timeline.Rows);

    public long Total => _driver.Total;

    public ArrivalInstants Instants => _driver.Instants;

    public long Unattainable => _driver.Unattainable;

    public long AttainableAfterFirstColdStart => _driver.AttainableAfterFirstColdStart;

    public int ScaleEvents => _prefill.ScaleEvents + _decode.ScaleEvents;

    public LimitedTime Limited => LimitedTime.Both(_prefill.Limited, _decode.Limited);

    /// <summary>The event-driven fleet, cycling and syncing on the step model's instants, as <see cref="ReplayLoop.RunEvents"/>.</summary>
    /// <returns>When the replay ended.</returns>
    public double RunEvents() => _driver.RunEvents(this);

    /// <summary>The step model: every step routes its arrivals at its start and advances both fleets, as <see cref="ReplayLoop.RunSteps"/>.</summary>
    /// <returns>When the replay ended.</returns>
    public double RunSteps() => _driver.RunSteps(this);

    /// <summary>Ends the replay at <paramref name="end"/>: drops what is left and writes the last, partial period.</summary>
    public void Finish(double end)
    {
        Fleet.DropRemaining(end);
        _prefill.Limited.Until(end);
        _decode.Limited.Until(end);
        var lastRow = _timeline.Rows.Count > 0 ? _timeline.Rows[^1].TimeSeconds : 0;
        if (end > lastRow + 1e-9) Record(end, end - lastRow, proposals: false);
    }

    public void Dispose() => _driver.Dispose();

    void IReplayRounds.Cycle(double now)
    {
        _prefill.Signals.Cycle(Fleet.Prefill, now);
        _decode.Signals.Cycle(Fleet.Decode, now);
    }

    void IReplayRounds.Sync(double now) => Sync(now);

    private void Sync(double now)
    {
        foreach (var lane in (ReadOnlySpan<Lane>)[_prefill, _decode])
        {
            var fleet = lane.Fleet;
            var view = ControllerView.Of(fleet, now, lane.Signals.Metrics(now));
            var decision = lane.Controller.Sync(view);
            lane.Limited.Sync(now, decision);
            if (decision.DesiredReplicas != view.CurrentReplicas)
            {
                fleet.ScaleTo(decision.DesiredReplicas, now);
                lane.ScaleEvents++;
            }
            lane.Last = decision;
        }
        Record(now, _period.TotalSeconds, proposals: true);
    }

    // One row per role and one for both, over the period before now; the request figures are end to end, in all three.
    private void Record(double now, double period, bool proposals)
    {
        var window = _stats.TakeWindow();
        var requests = (Arrivals: _driver.WindowArrivals / period, Tokens: _driver.WindowOutputTokens / period, Prompt: _driver.WindowPromptTokens / period);
        _driver.ResetWindow();
        var prefill = _prefill.Row(now, requests, window, proposals);
        var decode = _decode.Row(now, requests, window, proposals);
        _prefill.Timeline.Add(prefill);
        _decode.Timeline.Add(decode);
        _timeline.Add(prefill with
        {
            ForecastTokensPerSecond = decode.ForecastTokensPerSecond,
            SignalDesired = prefill.SignalDesired + decode.SignalDesired,
            Proposal = prefill.Proposal + decode.Proposal,
            DesiredReplicas = prefill.DesiredReplicas + decode.DesiredReplicas,
            Ready = prefill.Ready + decode.Ready,
            Pending = prefill.Pending + decode.Pending,
            Terminating = prefill.Terminating + decode.Terminating,
            Queue = prefill.Queue + decode.Queue + Fleet.InTransfer,
            Running = prefill.Running + decode.Running,
            GpuDuty = null,
            KvCache = decode.KvCache,
            BoundBy = prefill.BoundBy is null && decode.BoundBy is null ? null : $"{prefill.BoundBy}+{decode.BoundBy}",
            ScalingLimited = prefill.ScalingLimited is null && decode.ScalingLimited is null ? null : $"{prefill.ScalingLimited}+{decode.ScalingLimited}",
            ForecastModel = decode.ForecastModel,
        });
    }

    // One role: its controller, signals (the pipeline over its workload role), fleet and timeline.
    private sealed class Lane(IReplicaController controller, FleetSignals signals, FleetModel fleet)
    {
        public IReplicaController Controller { get; } = controller;

        public FleetSignals Signals { get; } = signals;

        public FleetModel Fleet { get; } = fleet;

        public BoundedTimeline Timeline { get; } = new();

        public ControllerDecision Last { get; set; } = new(fleet.Scale, null);

        public int ScaleEvents { get; set; }

        public LimitedTime Limited { get; } = new();

        public TimelineRow Row(double now, (double Arrivals, double Tokens, double Prompt) requests,
            RequestWindow window, bool proposals)
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
            var metrics = Signals.Metrics(now);
            return new TimelineRow(now, requests.Arrivals, requests.Tokens, metrics.Value(CatalogMetric.TokenDemandForecast),
                metrics.Value(CatalogMetric.DesiredReplicas), proposals ? Last.Proposal : null, Last.DesiredReplicas, ready, pending, terminating,
                queue, running, metrics.Value(CatalogMetric.GpuDutyCycle), metrics.Value(CatalogMetric.KvCacheUtilization), window.Completed,
                window.Dropped, window.MeanTtft, window.MaxTtft, requests.Prompt, metrics.Decision?.BoundBy, metrics.Decision?.ForecastModel, window.Missed,
                Last.Limited.Reason(), metrics.Decision?.DispatchLoadFactor,
                metrics.Decision?.PromptArrivalNoise);
        }
    }
}
