using System.Diagnostics;
using System.Runtime.CompilerServices;
using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Sim.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// Replays a trace through the fleet model under one controller. Each fleet step routes the step's arrivals and
/// advances the engines; each signal interval runs the adapter's signal pipeline over the fleet's readings; each
/// controller period runs one sync and writes one timeline row. The trace is streamed, never held.
/// </summary>
public static class ReplayRunner
{
    /// <summary>Replays the clairvoyant <see cref="Replay.Oracle"/> policy, whose GPU-hours every other policy is measured against.</summary>
    /// <exception cref="TraceFormatException">A bad trace row.</exception>
    public static ReplayResult RunOracle(ReplaySetup setup, Action<double>? progress = null)
    {
        var result = Run(setup, new Oracle(FutureDemand.Read(setup), setup.Fleet, setup.SloTtftSeconds), "oracle", progress);
        var own = result.Summary;
        return result with { Summary = own with { OracleGpuHours = own.GpuHours, OracleSloAttainment = own.SloAttainment } };
    }

    /// <summary>
    /// Runs the replay; <paramref name="progress"/> gets the share of the trace read, 0 to 1. The summary's oracle
    /// figures come from <paramref name="oracle"/>, the oracle's own summary, and are null without it.
    /// </summary>
    /// <exception cref="TraceFormatException">A bad trace row.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public static ReplayResult Run(ReplaySetup setup, IReplicaController controller, string policy, Action<double>? progress = null,
        ReplaySummary? oracle = null)
    {
        var clock = Stopwatch.StartNew();
        var stats = new RequestStats(setup.SloTtftSeconds);
        // A prompt longer than this misses the objective on an idle replica: no fleet can serve it in time.
        var attainablePrompt = setup.SloTtftSeconds * Oracle.UnloadedPrefillTokensPerSecond(setup.Fleet.Model);
        long unattainable = 0, windowPrompt = 0;
        var fleet = setup.Fleet.Build(stats, setup.Fleet.InitialReplicas ?? controller.InitialReplicas);
        var signals = new FleetSignals(setup.Workload, setup.Signals);
        var reader = new TraceReader(setup.TracePath, setup.BadRows);
        var fileLength = Math.Max(1, new FileInfo(setup.TracePath).Length);
        using var requests = setup.Trace.Apply(reader);

        var dt = setup.Fleet.Step.TotalSeconds;
        var signalEvery = Math.Max(1, (long)Math.Round(setup.Signals.Interval.TotalSeconds / dt));
        var syncEvery = Math.Max(1, (long)Math.Round(controller.Period.TotalSeconds / dt));
        var timeline = new List<TimelineRow>();
        long total = 0, windowArrivals = 0, windowTokens = 0;
        var scaleEvents = 0;
        var passes = 0;
        var lastBytes = 0L;
        var more = requests.TryNext(out var next);
        var lastArrival = 0.0;
        var lastDecision = new ControllerDecision(fleet.Scale, null);
        double t = 0;
        // Countdowns rather than a modulo of the step number at every step.
        long toSignal = signalEvery, toSync = syncEvery;
        for (long step = 0; ; step++)
        {
            t = step * dt;
            var stepEnd = t + dt;
            while (more && next.ArrivalSeconds < stepEnd)
            {
                var r = next;
                fleet.Arrive(new SimRequest(r.ArrivalSeconds, r.PromptTokens, r.OutputTokens), t);
                if (r.PromptTokens > attainablePrompt) unattainable++;
                total++;
                windowArrivals++;
                windowTokens += r.OutputTokens;
                windowPrompt += r.PromptTokens;
                lastArrival = r.ArrivalSeconds;
                more = requests.TryNext(out next);
            }
            fleet.Step(t, dt);
            var now = stepEnd;
            if (--toSignal == 0)
            {
                toSignal = signalEvery;
                signals.Cycle(fleet, now);
            }
            if (--toSync == 0)
            {
                toSync = syncEvery;
                var view = new ControllerView(TimeSpan.FromSeconds(now), fleet.Scale,
                    fleet.Replicas.Where(p => !p.Terminating).Select(p => (p.Name, p.ReadyAt <= now)).ToArray(),
                    signals.Metrics(now));
                var before = fleet.Scale;
                var decision = controller.Sync(view);
                if (decision.DesiredReplicas != before)
                {
                    fleet.ScaleTo(decision.DesiredReplicas, now);
                    scaleEvents++;
                }
                timeline.Add(Row(now, controller.Period.TotalSeconds, windowArrivals, windowTokens, windowPrompt, view.Metrics, decision, fleet, stats));
                lastDecision = decision;
                windowArrivals = windowTokens = windowPrompt = 0;
                if (progress is not null)
                {
                    if (reader.BytesRead < lastBytes) passes++;
                    lastBytes = reader.BytesRead;
                    progress(Math.Min(1, (passes + reader.BytesRead / (double)fileLength) / setup.Trace.Loop));
                }
            }
            if (!more && (fleet.Idle || now - lastArrival > setup.MaxDrain.TotalSeconds))
            {
                t = now;
                break;
            }
        }
        fleet.DropRemaining(t);
        // The last, partial period, so the timeline accounts for every request.
        var lastRow = timeline.Count > 0 ? timeline[^1].TimeSeconds : 0;
        if (t > lastRow + 1e-9)
        {
            timeline.Add(Row(t, t - lastRow, windowArrivals, windowTokens, windowPrompt,
                signals.Metrics(t), lastDecision with { Proposal = null }, fleet, stats));
        }
        progress?.Invoke(1);

        var replicaSeconds = fleet.ReplicaSeconds(t);
        var gpus = setup.Fleet.Model.GpusPerReplica;
        var gpuHours = replicaSeconds * gpus / 3600;
        var attainable = total - unattainable;
        var sloAttainment = attainable == 0 ? 1 : stats.WithinSlo / (double)attainable;
        var summary = new ReplaySummary
        {
            Policy = policy,
            Requests = total,
            SkippedRows = reader.SkippedRows,
            Completed = stats.CompletedCount,
            Dropped = stats.DroppedCount,
            SloTtftSeconds = setup.SloTtftSeconds,
            Unattainable = unattainable,
            SloAttainment = sloAttainment,
            TtftP50Seconds = stats.Ttft.Quantile(0.5),
            TtftP99Seconds = stats.Ttft.Quantile(0.99),
            TpotP50Seconds = stats.Tpot.Quantile(0.5),
            QueueWaitP99Seconds = stats.QueueWait.Quantile(0.99),
            GpuHours = gpuHours,
            ReplicaSeconds = replicaSeconds,
            GpusPerReplica = gpus,
            GpuBusyFraction = replicaSeconds > 0 ? fleet.BusySeconds / replicaSeconds : 0,
            ScaleEvents = scaleEvents,
            ColdStarts = fleet.ColdStarts,
            OracleGpuHours = oracle?.GpuHours,
            OracleSloAttainment = oracle?.SloAttainment,
            SimulatedSeconds = t,
            WallSeconds = clock.Elapsed.TotalSeconds,
        };
        return new ReplayResult(summary, timeline, fleet.History(t));
    }

    private static TimelineRow Row(double now, double period, long arrivals, long tokens, long promptTokens, SnapshotMetrics metrics,
        ControllerDecision decision, FleetModel fleet, RequestStats stats)
    {
        int ready = 0, pending = 0, terminating = 0, queue = fleet.Held, running = 0;
        foreach (var r in fleet.Replicas)
        {
            if (r.Terminating) terminating++;
            else if (r.ReadyAt <= now) ready++;
            else pending++;
            queue += r.Waiting;
            running += r.Running;
        }
        var window = stats.TakeWindow();
        return new TimelineRow(now, arrivals / period, tokens / period, metrics.Value(CatalogMetric.TokenDemandForecast),
            metrics.Value(CatalogMetric.DesiredReplicas), decision.Proposal, decision.DesiredReplicas, ready, pending, terminating, queue, running,
            metrics.Value(CatalogMetric.GpuDutyCycle), metrics.Value(CatalogMetric.KvCacheUtilization), window.Completed, window.Dropped,
            window.MeanTtft, window.MaxTtft, promptTokens / period, metrics.Decision?.BoundBy,
            metrics.Decision?.ForecastModel);
    }
}
