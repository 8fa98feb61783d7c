using Headroom.Fleet;
using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Workloads;
using Headroom.Sim.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>Everything one replay needs.</summary>
/// <param name="TracePath">The request trace.</param>
/// <param name="Trace">Stretch, amplification and repetition of the trace.</param>
/// <param name="Fleet">The fleet model.</param>
/// <param name="Workload">The workload as headroom.yaml configures it (capacity prior, cold-start prior, drain target).</param>
/// <param name="Signals">The adapter's signal options (interval, smoothing, staleness).</param>
/// <param name="SloTtftSeconds">A request meets the SLO when its first token comes within this.</param>
/// <param name="MaxDrain">After the last arrival, how long the fleet may take to finish; what is left is dropped.</param>
/// <param name="BadRows">Whether a bad trace row stops the replay (naming its line) or is skipped and counted.</param>
public sealed record ReplaySetup(string TracePath, TraceOptions Trace, FleetSpec Fleet, WorkloadSpec Workload, SignalOptions Signals,
    double SloTtftSeconds, TimeSpan MaxDrain, BadRowPolicy BadRows = BadRowPolicy.Fail)
{
    /// <summary>The workload's prefill and decode roles, for a fleet with <c>disaggregation:</c>; null for one pool.</summary>
    public RolePair<WorkloadSpec>? Roles { get; init; }

    /// <summary>The longest prompt an idle replica prefills, from nothing cached, within the objective: longer ones are unattainable.</summary>
    public double AttainablePromptTokens => SloTtftSeconds * Oracle.UnloadedPrefillTokensPerSecond(Fleet.Model);

    /// <summary>
    /// The first cold start: the fleet's 90th-percentile start-up of a replica, the lead time a policy plans with.
    /// Requests that arrive within it meet only the replicas the replay started with, whatever a policy orders.
    /// </summary>
    public double FirstColdStartSeconds => Fleet.ColdStart.Quantile(0.9, Fleet.PodsPerReplica);

    /// <summary>
    /// <see cref="DefaultWorkload"/> as a prefill/decode workload: its two roles, selected by the llm-d role label, each
    /// scaling its own Deployment (llm-prefill, llm-decode).
    /// </summary>
    public static RolePair<WorkloadSpec> DefaultRoles(FleetSpec fleet, double sloTtftSeconds = 2)
    {
        var workload = DefaultWorkload(fleet, sloTtftSeconds);
        WorkloadSpec Role(string role) => workload with
        {
            Deployment = $"{workload.Name}-{role}",
            Selector = $"{workload.Selector},{WorkloadRole.LlmdRoleLabel}={role}",
            Role = new WorkloadRole(role, WorkloadRole.LlmdRoleLabel, role),
        };
        return new RolePair<WorkloadSpec>(Role(WorkloadRole.Prefill), Role(WorkloadRole.Decode));
    }

    /// <summary>
    /// The workload spec used without --config: the fleet's model profile as the capacity prior, its p90 cold start,
    /// the replay's TTFT objective at 99% attainment, and LeaderWorkerSet grouping when a replica is several pods.
    /// </summary>
    public static WorkloadSpec DefaultWorkload(FleetSpec fleet, double sloTtftSeconds = 2) => new()
    {
        Name = "llm",
        Namespace = "sim",
        Selector = "app=llm",
        TokensPerSecondPerReplica = Math.Round(fleet.Model.PeakDecodeTokensPerSecond),
        PrefillTokensPerSecondPerReplica = Math.Round(Oracle.UnloadedPrefillTokensPerSecond(fleet.Model)),
        KvCacheTokensPerReplica = fleet.Model.KvCacheTokens,
        TtftObjective = TimeSpan.FromSeconds(sloTtftSeconds),
        ColdStartPrior = TimeSpan.FromSeconds(Math.Ceiling(fleet.ColdStart.P90Seconds)),
        Dcgm = true,
        GroupBy = fleet.PodsPerReplica > 1 ? ReplicaGroups.LeaderWorkerSet : null,
    };

    /// <summary>Why this workload cannot be replayed on this fleet, or null: a fleet of groups needs the workload to group its pods.</summary>
    public static string? Mismatch(FleetSpec fleet, WorkloadSpec workload) =>
        fleet.PodsPerReplica > 1 && workload.GroupBy != ReplicaGroups.LeaderWorkerSet
            ? $"the fleet's replicas are LeaderWorkerSet groups of {fleet.PodsPerReplica} pods (podsPerReplica); workload {workload.Name} needs groupBy: {ReplicaGroups.LeaderWorkerSet}"
            : null;
}

/// <summary>One row of timeline.csv, written at each controller sync and covering the period before it.</summary>
/// <param name="TimeSeconds">The sync's time.</param>
/// <param name="ArrivalsPerSecond">Requests that arrived in the period, per second.</param>
/// <param name="DemandTokensPerSecond">Output tokens of those requests, per second: the demand the trace carries.</param>
/// <param name="ForecastTokensPerSecond">headroom_token_demand_forecast at the sync.</param>
/// <param name="SignalDesired">headroom_desired_replicas at the sync.</param>
/// <param name="Proposal">The controller's metric proposal.</param>
/// <param name="DesiredReplicas">The scale the controller set.</param>
/// <param name="Ready">Ready replicas.</param>
/// <param name="Pending">Replicas starting.</param>
/// <param name="Terminating">Replicas draining.</param>
/// <param name="Queue">Requests waiting (engine queues plus held in front of the fleet).</param>
/// <param name="Running">Requests in running batches.</param>
/// <param name="GpuDuty">headroom_gpu_duty_cycle at the sync.</param>
/// <param name="KvCache">headroom_kv_cache_utilization at the sync.</param>
/// <param name="Completed">Requests completed in the period.</param>
/// <param name="Dropped">Requests dropped in the period.</param>
/// <param name="TtftMean">Mean TTFT of requests completed in the period.</param>
/// <param name="TtftMax">Largest TTFT among them.</param>
/// <param name="PromptTokensPerSecond">Prompt tokens of the requests that arrived in the period, per second.</param>
/// <param name="BoundBy">What bound Headroom's desired replicas at the sync (prefill, decode, kv-cache, queue, held, idle), when it decided.</param>
/// <param name="ForecastModel">The forecast method behind headroom_token_demand_forecast at the sync: the model the last refit chose, or last-value before one could be fitted.</param>
/// <param name="SloMissed">Attainable requests that missed the objective in the period: completed with a longer TTFT, or dropped.</param>
/// <param name="ScalingLimited">The reason of the controller's ScalingLimited condition at the sync when it was True (TooManyReplicas, TooFewReplicas, ScaleUpLimit, ScaleDownLimit); null when it was False.</param>
/// <param name="DispatchLoadFactor">The dispatch factor Headroom's prefill sizing used at the sync (learned from the engines' waiting, else the prior), when it decided.</param>
/// <param name="PromptArrivalNoise">The standard error of arrival noise Headroom judged its prompt demand by at the sync (0 until it applies), when it decided.</param>
public sealed record TimelineRow(double TimeSeconds, double ArrivalsPerSecond, double DemandTokensPerSecond, double? ForecastTokensPerSecond,
    double? SignalDesired, int? Proposal, int DesiredReplicas, int Ready, int Pending, int Terminating, int Queue, int Running,
    double? GpuDuty, double? KvCache, long Completed, long Dropped, double? TtftMean, double? TtftMax, double PromptTokensPerSecond, string? BoundBy,
    string? ForecastModel, long SloMissed, string? ScalingLimited = null, double? DispatchLoadFactor = null, double? PromptArrivalNoise = null);

/// <summary>The totals of one replay: summary.json.</summary>
public sealed record ReplaySummary
{
    /// <summary>Policy name (the controller file's name).</summary>
    public required string Policy { get; init; }
    /// <summary>Requests in the trace after scaling and looping.</summary>
    public required long Requests { get; init; }
    /// <summary>Trace rows skipped as bad (with --bad-rows skip), over every pass.</summary>
    public required long SkippedRows { get; init; }
    /// <summary>Requests in one pass of the trace as written, before rate scaling and looping.</summary>
    public long TraceRows { get; init; }
    /// <summary>Distinct arrival instants among them (<see cref="Traces.ArrivalInstants"/>).</summary>
    public long ArrivalInstants { get; init; }
    /// <summary>The most of them that arrive at one instant.</summary>
    public int MostRequestsAtOneInstant { get; init; }
    /// <summary>Requests that produced their last token.</summary>
    public required long Completed { get; init; }
    /// <summary>Requests given up (client timeout, termination, end of run).</summary>
    public required long Dropped { get; init; }
    /// <summary>The TTFT SLO, seconds.</summary>
    public required double SloTtftSeconds { get; init; }
    /// <summary>Requests whose prompt alone, prefilled on an idle replica, takes longer than the SLO: no fleet can serve them in time.</summary>
    public required long Unattainable { get; init; }
    /// <summary>Share of the attainable requests that completed with TTFT within the SLO (dropped ones miss it).</summary>
    public required double SloAttainment { get; init; }
    /// <summary>The first cold start, seconds (<see cref="ReplaySetup.FirstColdStartSeconds"/>).</summary>
    public required double FirstColdStartSeconds { get; init; }
    /// <summary>SLO attainment over the attainable requests that arrived after the first cold start; null when none did.</summary>
    public required double? SloAttainmentAfterFirstColdStart { get; init; }
    /// <summary>Median time to first token, seconds.</summary>
    public required double? TtftP50Seconds { get; init; }
    /// <summary>99th percentile time to first token, seconds.</summary>
    public required double? TtftP99Seconds { get; init; }
    /// <summary>Median time per output token after the first, seconds.</summary>
    public required double? TpotP50Seconds { get; init; }
    /// <summary>99th percentile queue wait (arrival to start of prefill), seconds.</summary>
    public required double? QueueWaitP99Seconds { get; init; }
    /// <summary>GPU-hours: replica-seconds × GPUs per replica / 3600.</summary>
    public required double GpuHours { get; init; }
    /// <summary>Seconds replicas existed, starting, ready or draining.</summary>
    public required double ReplicaSeconds { get; init; }
    /// <summary>GPUs each replica holds.</summary>
    public required int GpusPerReplica { get; init; }
    /// <summary>GPU busy seconds over replica-seconds: what DCGM would average.</summary>
    public required double GpuBusyFraction { get; init; }
    /// <summary>Share of prompt tokens the replicas' prefix caches served; null when the trace gives no prompt blocks or caching is off.</summary>
    public double? PrefixCacheHitRatio { get; init; }
    /// <summary>Syncs that changed the scale.</summary>
    public required int ScaleEvents { get; init; }
    /// <summary>Replicas created.</summary>
    public required int ColdStarts { get; init; }
    /// <summary>GPU-hours of the clairvoyant oracle replayed on the same trace and fleet; null when it was not run (replay --no-oracle).</summary>
    public required double? OracleGpuHours { get; init; }
    /// <summary>The oracle's SLO attainment over the attainable requests; null when it was not run.</summary>
    public required double? OracleSloAttainment { get; init; }
    /// <summary>The oracle's SLO attainment over the attainable requests that arrived after the first cold start; null when it was not run or none did.</summary>
    public double? OracleSloAttainmentAfterFirstColdStart { get; init; }
    /// <summary>Seconds maxReplicas held the scale below what the controller recommended (ScalingLimited, TooManyReplicas); with prefill and decode roles, each role's time counts.</summary>
    public double TooManyReplicasSeconds { get; init; }
    /// <summary>Seconds the scale-up rate held the scale below the recommendation (ScalingLimited, ScaleUpLimit).</summary>
    public double ScaleUpLimitSeconds { get; init; }
    /// <summary>The most replicas the controller's metrics asked for while maxReplicas held the scale; null when it never did.</summary>
    public int? MostReplicasAskedOverMax { get; init; }
    /// <summary>The scale maxReplicas held it at; null when it never did.</summary>
    public int? HeldAtMaxReplicas { get; init; }
    /// <summary>The policy's field that bounds its scale (maxReplicas, or a ScaledObject's maxReplicaCount): how notes name it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string MaxReplicasField { get; init; } = "maxReplicas";
    /// <summary>Simulated seconds.</summary>
    public required double SimulatedSeconds { get; init; }
    /// <summary>Wall-clock seconds the replay took, parsing included.</summary>
    public required double WallSeconds { get; init; }
}

/// <summary>A replay's outcome: its summary, timeline and replicas.</summary>
/// <param name="Summary">Totals.</param>
/// <param name="Timeline">One row per controller sync.</param>
/// <param name="Replicas">Every replica's life and GPU busy time.</param>
public sealed record ReplayResult(ReplaySummary Summary, IReadOnlyList<TimelineRow> Timeline, IReadOnlyList<ReplicaRecord> Replicas)
{
    /// <summary>Each role's timeline, for a prefill/decode replay (whose <see cref="Timeline"/> is both together); null for one pool.</summary>
    public RolePair<IReadOnlyList<TimelineRow>>? RoleTimelines { get; init; }
}
