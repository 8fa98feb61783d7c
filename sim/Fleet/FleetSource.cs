using System.Runtime.CompilerServices;
using Headroom.Fleet;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Sim.Fleet;

/// <summary>
/// The fleet model as a workload source: its engine counters and gauges, DCGM duty cycle, the pods that became ready
/// (their start-up times) and the requests held in front of it, read at the instant the replay set. It answers at
/// once, so the pipeline's cycle runs on the replay's thread. A replica of several pods is presented as a
/// LeaderWorkerSet group (<see cref="LeaderWorkerSetPods"/>): the leader serves the engine's metrics, every member
/// its GPUs' duty cycle, and each member its own start-up (the group's being the slowest), for the server's grouping
/// to put back together.
/// </summary>
internal sealed class FleetSource : IWorkloadSource
{
    private static readonly EngineReading Unready = new(null, null, null, null, null, null);
    // The ready replicas' busy seconds at the last reading, in the fleet's order, and this reading's being filled.
    private ReadMark[] _last = [], _next = [];
    private int _lastCount, _nextCount, _hint;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly LeaderWorkerSetPods? _groups;
    private readonly List<PodReading> _pods = [];
    private FleetModel? _fleet;
    private double _now;

    public FleetSource(WorkloadSpec spec, int podsPerReplica = 1)
    {
        _labels = new Dictionary<string, string> { ["app"] = spec.Name, ["workload"] = spec.Name };
        if (podsPerReplica > 1) _groups = new LeaderWorkerSetPods(spec.Name, podsPerReplica, _labels);
    }

    /// <summary>Sets what the next observation reads: the fleet at replay time <paramref name="now"/>.</summary>
    public void Set(FleetModel fleet, double now)
    {
        _fleet = fleet;
        _now = now;
    }

    /// <inheritdoc />
    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Observe(workload, _fleet ?? throw new InvalidOperationException("no fleet to observe yet"), _now));

    private WorkloadObservation Observe(WorkloadSpec workload, FleetModel fleet, double now)
    {
        // The pipeline keeps the pods it reads, never the list, so one list serves every cycle.
        var pods = _pods;
        pods.Clear();
        var replicas = fleet.Replicas;
        if (_next.Length < replicas.Count) _next = new ReadMark[Math.Max(replicas.Count, 2 * _next.Length)];
        _nextCount = _hint = 0;
        var serving = 0;
        for (var i = 0; i < replicas.Count; i++)
        {
            var r = replicas[i];
            if (r.Terminating) continue;
            serving++;
            var ready = r.ReadyAt <= now;
            if (_groups is null)
            {
                pods.Add(ready ? Read(r, now, r.Name, _labels) : new PodReading(r.Name, _labels, null, false, Unready));
                continue;
            }
            var members = _groups.Of(r);
            var leader = ready ? Read(r, now, members[0].Name, members[0].Labels) : new PodReading(members[0].Name, members[0].Labels, null, false, Unready);
            pods.Add(leader);
            // A worker serves no API and no engine metrics; DCGM reports its GPUs, busy when the group's engine is.
            var worker = ready ? Unready with { GpuDutyCycle = leader.Engine.GpuDutyCycle } : Unready;
            for (var m = 1; m < members.Length; m++) pods.Add(new PodReading(members[m].Name, members[m].Labels, null, ready, worker));
        }
        // A replica not read this time (gone, terminating or not ready) is forgotten.
        (_last, _next) = (_next, _last);
        _lastCount = _nextCount;
        var lifecycles = Lifecycles(fleet.BecameReady);
        _groups?.Prune(replicas, serving);
        return new WorkloadObservation(FleetSignals.At(now), pods, lifecycles, workload.GatewayPool is null ? null : fleet.Held);
    }

    // DCGM reports the fraction of the sample period a kernel was running; here, over the time since the last cycle.
    // An idle replica reports the same as last time, and gets the same reading rather than a new one every cycle.
    private PodReading Read(Replica r, double now, string name, IReadOnlyDictionary<string, string> labels)
    {
        var last = LastMark(r);
        var (busyBefore, before) = last >= 0 ? (_last[last].Busy, _last[last].At) : (0, r.ReadyAt);
        double? duty = now > before ? Math.Clamp((r.BusySeconds - busyBefore) / (now - before), 0, 1) : null;
        var pod = last >= 0 && _last[last].Pod is var previous && Same(previous.Engine, r, duty)
            ? previous
            : new PodReading(name, labels, null, true,
                new EngineReading(r.GenerationTokensTotal, r.PromptTokensTotal, r.Waiting, r.Running, r.KvCacheUsage, duty,
                    RequestsFinishedTotal: r.RequestsFinishedTotal, PrefixCacheQueriesTotal: r.PrefixCacheQueriesTotal,
                    PrefixCacheHitsTotal: r.PrefixCacheHitsTotal));
        _next[_nextCount++] = new ReadMark(r, r.BusySeconds, now, pod);
        return pod;
    }

    // Value by value, those most likely to have changed first; the gauges the replica computes come last.
    // FleetSourceTests holds this list to every value an EngineReading has.
    internal static bool Same(EngineReading reading, Replica r, double? duty) =>
        reading.GenerationTokensTotal == r.GenerationTokensTotal && reading.PromptTokensTotal == r.PromptTokensTotal
        && reading.RequestsFinishedTotal == r.RequestsFinishedTotal && reading.GpuDutyCycle == duty
        && reading.PrefixCacheQueriesTotal == r.PrefixCacheQueriesTotal && reading.PrefixCacheHitsTotal == r.PrefixCacheHitsTotal
        && reading.GenerationTokensPerSecond is null && reading.PromptTokensPerSecond is null && reading.RequestsFinishedPerSecond is null
        && reading.PrefixCacheHitRatio is null && reading.RequestsWaiting == r.Waiting && reading.RequestsRunning == r.Running
        && reading.KvCacheUsage == r.KvCacheUsage;

    // Where the replica's mark is in the last reading, or −1. The fleet keeps its replicas in order, adding at the
    // end, so the marks are found by walking forward from the previous one found; a replica not there is searched for
    // from the start.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every busy replica every cycle; compiled once without a profile, it would stay out of line.
    private int LastMark(Replica r)
    {
        for (var i = _hint; i < _lastCount; i++)
        {
            if (ReferenceEquals(_last[i].Replica, r))
            {
                _hint = i + 1;
                return i;
            }
        }
        for (var i = 0; i < _hint; i++)
        {
            if (ReferenceEquals(_last[i].Replica, r)) return i;
        }
        return -1;
    }

    private IReadOnlyList<PodLifecycle> Lifecycles(List<Replica> becameReady)
    {
        if (becameReady.Count == 0) return [];
        var lifecycles = new List<PodLifecycle>(becameReady.Count);
        foreach (var r in becameReady)
        {
            if (_groups is null) lifecycles.Add(Lifecycle(r.Name, r.Startup));
            else
            {
                var members = _groups.Of(r);
                // A group that started at once (a warm one) has one start-up for all its pods.
                for (var m = 0; m < members.Length; m++) lifecycles.Add(Lifecycle(members[m].Name, m < r.Pods.Count ? r.Pods[m] : r.Startup));
            }
        }
        becameReady.Clear();
        return lifecycles;
    }

    private static PodLifecycle Lifecycle(string pod, ReplicaStartup s) =>
        new(pod, FleetSignals.At(s.Created), FleetSignals.At(s.Scheduled), FleetSignals.At(s.Initialized), FleetSignals.At(s.Ready), FleetSignals.At(s.Ready));
}
