using System.Diagnostics;
using System.Runtime.CompilerServices;
using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Sim.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// Replays a trace through the fleet model under one controller (<see cref="ReplayLoop"/>): arrivals are routed and
/// the engines advanced, from event to event or in steps as the fleet's timing says; each signal interval runs the
/// adapter's signal pipeline over the fleet's readings; each controller period runs one sync and writes one timeline
/// row. The trace is streamed, never held.
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
    public static ReplayResult Run(ReplaySetup setup, IReplicaController controller, string policy, Action<double>? progress = null,
        ReplaySummary? oracle = null)
    {
        var clock = Stopwatch.StartNew();
        var stats = new RequestStats(setup.SloTtftSeconds);
        using var loop = new ReplayLoop(setup, controller, stats, progress);
        var t = loop.Fleet.Timing == FleetTiming.Events ? loop.RunEvents() : loop.RunSteps();
        loop.Finish(t);

        var fleet = loop.Fleet;
        var reader = loop.Reader;
        var total = loop.Total;
        var unattainable = loop.Unattainable;
        var scaleEvents = loop.ScaleEvents;
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
        return new ReplayResult(summary, loop.Timeline, fleet.History(t));
    }
}
