using System.Runtime.CompilerServices;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Sim.Fleet;

/// <summary>
/// Feeds the fleet's engine counters and gauges, DCGM duty cycle and pod start-up times through the adapter's own
/// <see cref="WorkloadTracker"/> (what each <see cref="SignalPipeline"/> cycle runs per workload), one observation per
/// signal interval, so a controller sees headroom_* signals exactly as the server would compute them.
/// </summary>
internal sealed class FleetSignals
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;
    private readonly WorkloadSpec _spec;
    private readonly WorkloadTracker _tracker;
    private readonly Dictionary<string, (double Busy, double At)> _lastBusy = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly List<PodReading> _pods = [];

    public FleetSignals(WorkloadSpec spec, SignalOptions options)
    {
        _spec = spec;
        _labels = new Dictionary<string, string> { ["app"] = spec.Name, ["workload"] = spec.Name };
        _tracker = new WorkloadTracker(spec, options);
    }

    /// <summary>The workload's signals after the last observation.</summary>
    public WorkloadSignals Latest => _tracker.Current;

    /// <summary>The instant a replay time maps to.</summary>
    public static DateTimeOffset At(double seconds) => Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    /// <summary>Observes the fleet at <paramref name="now"/> and updates the workload's signals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public void Cycle(Fleet fleet, double now)
    {
        // The tracker reads the observation and keeps none of it, so one list serves every cycle.
        var pods = _pods;
        pods.Clear();
        var replicas = fleet.Replicas;
        for (var i = 0; i < replicas.Count; i++)
        {
            var r = replicas[i];
            if (r.Terminating) continue;
            var ready = r.ReadyAt <= now;
            pods.Add(new PodReading(r.Name, _labels, null, ready, ready ? Reading(r, now) : Unready));
        }
        var becameReady = fleet.BecameReady;
        var lifecycles = becameReady.Count == 0 ? [] : new PodLifecycle[becameReady.Count];
        for (var i = 0; i < lifecycles.Length; i++) lifecycles[i] = Lifecycle(becameReady[i]);
        becameReady.Clear();
        if (_lastBusy.Count > pods.Count)
        {
            foreach (var gone in _lastBusy.Keys.Where(k => !_pods.Exists(p => p.Name == k)).ToArray()) _lastBusy.Remove(gone);
        }
        _tracker.Apply(new WorkloadObservation(At(now), pods, lifecycles, _spec.GatewayPool is null ? null : fleet.Held));
    }

    private static readonly EngineReading Unready = new(null, null, null, null, null, null);

    // DCGM reports the fraction of the sample period a kernel was running; here, over the time since the last cycle.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    private EngineReading Reading(Replica r, double now)
    {
        var (busyBefore, before) = _lastBusy.TryGetValue(r.Name, out var last) ? last : (0, r.ReadyAt);
        _lastBusy[r.Name] = (r.BusySeconds, now);
        double? duty = now > before ? Math.Clamp((r.BusySeconds - busyBefore) / (now - before), 0, 1) : null;
        return new EngineReading(r.GenerationTokensTotal, r.PromptTokensTotal, r.Waiting, r.Running, r.KvCacheUsage, duty);
    }

    // The cold start split into the phases the cold-start model reads; only their sum is drawn, the split is nominal.
    private static PodLifecycle Lifecycle(Replica r)
    {
        var cold = r.ReadyAt - r.Created;
        return new PodLifecycle(r.Name, At(r.Created), At(r.Created + 0.05 * cold), At(r.Created + 0.4 * cold), At(r.ReadyAt), At(r.ReadyAt));
    }
}
