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
/// its GPUs' duty cycle, and each member's start-up is the group's (the slowest pod's), for the server's grouping
/// to put back together.
/// </summary>
internal sealed class FleetSource : IWorkloadSource
{
    private static readonly EngineReading Unready = new(null, null, null, null, null, null);
    // Each replica's busy seconds at its last reading, by reference (hashing the object, not its name, every cycle).
    private readonly Dictionary<Replica, (double Busy, double At)> _lastBusy = new(ReferenceEqualityComparer.Instance);
    private readonly List<Replica> _gone = [];
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    private WorkloadObservation Observe(WorkloadSpec workload, FleetModel fleet, double now)
    {
        // The pipeline reads the observation and keeps none of it, so one list serves every cycle.
        var pods = _pods;
        pods.Clear();
        var replicas = fleet.Replicas;
        var serving = 0;
        for (var i = 0; i < replicas.Count; i++)
        {
            var r = replicas[i];
            if (r.Terminating) continue;
            serving++;
            var ready = r.ReadyAt <= now;
            var reading = ready ? Reading(r, now) : Unready;
            if (_groups is null)
            {
                pods.Add(new PodReading(r.Name, _labels, null, ready, reading));
                continue;
            }
            var members = _groups.Of(r);
            pods.Add(new PodReading(members[0].Name, members[0].Labels, null, ready, reading));
            // A worker serves no API and no engine metrics; DCGM reports its GPUs, busy when the group's engine is.
            var worker = ready ? Unready with { GpuDutyCycle = reading.GpuDutyCycle } : Unready;
            for (var m = 1; m < members.Length; m++) pods.Add(new PodReading(members[m].Name, members[m].Labels, null, ready, worker));
        }
        var lifecycles = Lifecycles(fleet.BecameReady);
        _groups?.Prune(replicas, serving);
        if (_lastBusy.Count > serving)
        {
            _gone.Clear();
            foreach (var r in _lastBusy.Keys)
            {
                if (r.Terminating || !replicas.Contains(r)) _gone.Add(r);
            }
            foreach (var r in _gone) _lastBusy.Remove(r);
        }
        return new WorkloadObservation(FleetSignals.At(now), pods, lifecycles, workload.GatewayPool is null ? null : fleet.Held);
    }

    // DCGM reports the fraction of the sample period a kernel was running; here, over the time since the last cycle.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    private EngineReading Reading(Replica r, double now)
    {
        var (busyBefore, before) = _lastBusy.TryGetValue(r, out var last) ? last : (0, r.ReadyAt);
        _lastBusy[r] = (r.BusySeconds, now);
        double? duty = now > before ? Math.Clamp((r.BusySeconds - busyBefore) / (now - before), 0, 1) : null;
        return new EngineReading(r.GenerationTokensTotal, r.PromptTokensTotal, r.Waiting, r.Running, r.KvCacheUsage, duty,
            RequestsFinishedTotal: r.RequestsFinishedTotal);
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
                foreach (var member in _groups.Of(r)) lifecycles.Add(Lifecycle(member.Name, r.Startup));
            }
        }
        becameReady.Clear();
        return lifecycles;
    }

    private static PodLifecycle Lifecycle(string pod, ReplicaStartup s) =>
        new(pod, FleetSignals.At(s.Created), FleetSignals.At(s.Scheduled), FleetSignals.At(s.Initialized), FleetSignals.At(s.Ready), FleetSignals.At(s.Ready));
}
