using System.Diagnostics;
using System.Runtime.CompilerServices;
using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Signals.Planning;
using Headroom.Sim.Fleet;
using Headroom.Sim.Hpa;
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
        return AsOwnOracle(Run(setup, new Oracle(FutureDemand.Read(setup), setup.Fleet, setup.SloTtftSeconds), "oracle", progress));
    }

    /// <summary>
    /// The clairvoyant oracle of a prefill/decode fleet: one <see cref="Replay.Oracle"/> per role, each sizing its role on
    /// that role's dimensions.
    /// </summary>
    /// <exception cref="TraceFormatException">A bad trace row.</exception>
    public static ReplayResult RunDisaggregatedOracle(ReplaySetup setup)
    {
        var future = FutureDemand.Read(setup);
        return AsOwnOracle(RunDisaggregated(setup, new RolePair<IReplicaController>(
            new Oracle(future, setup.Fleet, setup.SloTtftSeconds, sized: SizedDimensions.PrefillRole),
            new Oracle(future, setup.Fleet, setup.SloTtftSeconds, sized: SizedDimensions.DecodeRole)), "oracle"));
    }

    // The oracle's summary carries its own figures as the oracle's, as every policy's does.
    private static ReplayResult AsOwnOracle(ReplayResult result) => MeasuredAgainst(result, result.Summary);

    /// <summary>
    /// <paramref name="result"/> with the oracle's figures taken from <paramref name="oracle"/>, the oracle's own summary
    /// on the same setup; unchanged without it. A replay does not need the oracle's figures while it runs, so the two
    /// can run side by side.
    /// </summary>
    public static ReplayResult MeasuredAgainst(ReplayResult result, ReplaySummary? oracle) => oracle is null ? result : result with
    {
        Summary = result.Summary with
        {
            OracleGpuHours = oracle.GpuHours,
            OracleSloAttainment = oracle.SloAttainment,
            OracleSloAttainmentAfterFirstColdStart = oracle.SloAttainmentAfterFirstColdStart,
        },
    };

    /// <summary>
    /// Replays a prefill/decode fleet (fleet.yaml's <c>disaggregation:</c>), each role scaled by its own controller and
    /// observed as its own workload role; the summary counts both fleets, the timeline both together, and
    /// <see cref="ReplayResult.RoleTimelines"/> each role.
    /// </summary>
    /// <exception cref="TraceFormatException">A bad trace row.</exception>
    public static ReplayResult RunDisaggregated(ReplaySetup setup, RolePair<IReplicaController> controllers, string policy)
    {
        var clock = Stopwatch.StartNew();
        var stats = new RequestStats(setup.SloTtftSeconds, setup.AttainablePromptTokens, setup.FirstColdStartSeconds);
        using var loop = new DisaggregatedReplayLoop(setup, controllers, stats);
        var t = setup.Fleet.Timing == FleetTiming.Events ? loop.RunEvents() : loop.RunSteps();
        loop.Finish(t);
        var fleet = loop.Fleet;
        var history = fleet.Prefill.History(t).Concat(fleet.Decode.History(t)).ToArray();
        var summary = Summarize(setup, policy, stats, loop.Reader, loop.Instants, loop.Total, loop.Unattainable, loop.AttainableAfterFirstColdStart, loop.ScaleEvents, loop.Limited,
            controllers.Prefill.MaxReplicasField, fleet.Prefill.ColdStarts + fleet.Decode.ColdStarts, fleet.ReplicaSeconds(t), fleet.BusySeconds, fleet.Prefill.PrefixCache, t, clock.Elapsed);
        return new ReplayResult(summary, loop.Timeline, history) { RoleTimelines = loop.RoleTimelines };
    }

    /// <summary>
    /// Runs the replay; <paramref name="progress"/> gets the share of the trace read, 0 to 1. The summary's oracle
    /// figures are null until <see cref="MeasuredAgainst"/> adds them.
    /// </summary>
    /// <exception cref="TraceFormatException">A bad trace row.</exception>
    public static ReplayResult Run(ReplaySetup setup, IReplicaController controller, string policy, Action<double>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var stats = new RequestStats(setup.SloTtftSeconds, setup.AttainablePromptTokens, setup.FirstColdStartSeconds);
        using var loop = new ReplayLoop(setup, controller, stats, progress);
        var t = loop.Fleet.Timing == FleetTiming.Events ? loop.RunEvents() : loop.RunSteps();
        loop.Finish(t);

        var fleet = loop.Fleet;
        var summary = Summarize(setup, policy, stats, loop.Reader, loop.Instants, loop.Total, loop.Unattainable, loop.AttainableAfterFirstColdStart, loop.ScaleEvents, loop.Limited, controller.MaxReplicasField, fleet.ColdStarts,
            fleet.ReplicaSeconds(t), fleet.BusySeconds, fleet.PrefixCache, t, clock.Elapsed);
        return new ReplayResult(summary, loop.Timeline, fleet.History(t));
    }

    private static ReplaySummary Summarize(ReplaySetup setup, string policy, RequestStats stats, TraceReader reader, ArrivalInstants instants, long total, long unattainable,
        long attainableAfterFirstColdStart, int scaleEvents, LimitedTime limited, string maxReplicasField, int coldStarts, double replicaSeconds, double busySeconds, (double Queries, double Hits) prefixCache,
        double t, TimeSpan wall)
    {
        var gpus = setup.Fleet.Model.GpusPerReplica;
        var gpuHours = replicaSeconds * gpus / 3600;
        var attainable = total - unattainable;
        var sloAttainment = attainable == 0 ? 1 : stats.WithinSlo / (double)attainable;
        return new ReplaySummary
        {
            Policy = policy,
            Requests = total,
            SkippedRows = reader.SkippedRows,
            TraceRows = instants.Rows,
            ArrivalInstants = instants.Instants,
            MostRequestsAtOneInstant = instants.MostAtOne,
            Completed = stats.CompletedCount,
            Dropped = stats.DroppedCount,
            SloTtftSeconds = setup.SloTtftSeconds,
            Unattainable = unattainable,
            SloAttainment = sloAttainment,
            FirstColdStartSeconds = setup.FirstColdStartSeconds,
            SloAttainmentAfterFirstColdStart = attainableAfterFirstColdStart > 0
                ? stats.WithinSloAfterFirstColdStart / (double)attainableAfterFirstColdStart
                : null,
            TtftP50Seconds = stats.Ttft.Quantile(0.5),
            TtftP99Seconds = stats.Ttft.Quantile(0.99),
            TpotP50Seconds = stats.Tpot.Quantile(0.5),
            QueueWaitP99Seconds = stats.QueueWait.Quantile(0.99),
            GpuHours = gpuHours,
            ReplicaSeconds = replicaSeconds,
            GpusPerReplica = gpus,
            GpuBusyFraction = replicaSeconds > 0 ? busySeconds / replicaSeconds : 0,
            PrefixCacheHitRatio = prefixCache.Queries > 0 ? prefixCache.Hits / prefixCache.Queries : null,
            ScaleEvents = scaleEvents,
            ColdStarts = coldStarts,
            // The oracle's figures, until MeasuredAgainst sets them.
            OracleGpuHours = null,
            OracleSloAttainment = null,
            OracleSloAttainmentAfterFirstColdStart = null,
            TooManyReplicasSeconds = limited.Seconds(ScalingLimit.TooManyReplicas),
            ScaleUpLimitSeconds = limited.Seconds(ScalingLimit.ScaleUpLimit),
            MostReplicasAskedOverMax = limited.MostAsked,
            HeldAtMaxReplicas = limited.HeldAt,
            MaxReplicasField = maxReplicasField,
            SimulatedSeconds = t,
            WallSeconds = wall.TotalSeconds,
        };
    }
}
