using System.Collections.Frozen;
using Headroom.Fleet;
using Headroom.Signals.Engines;
using Headroom.Signals.Workloads;
using MathNet.Numerics.Distributions;

namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// One demo workload: diurnal Poisson arrivals with bursts, served by the fleet model (routing, batching, prefill and
/// decode, KV cache, cold starts, as the simulator replays them), scaled by the demo's own autoscaler, and shown as the
/// pods and start-up conditions Kubernetes would list.
/// </summary>
internal sealed class WorkloadSimulation
{
    private const double ServedSmoothingSeconds = 10;
    private const double ScaleIntervalSeconds = 1;
    private const int LifecycleHistoryLimit = 200;
    private static readonly TimeSpan LifecycleHistoryAge = TimeSpan.FromMinutes(30);

    // Kubernetes' default terminationGracePeriodSeconds: a removed pod finishes its batch for this long.
    private static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(30);

    private readonly DemoWorkload _workload;
    private readonly DemoFleetOptions _options;
    private readonly NodePool _nodes;
    private readonly DateTimeOffset _start;
    private readonly Random _arrivals;
    private readonly Random _lengths;
    private readonly BurstEpisodes _bursts;
    private readonly DemoAutoscaler _autoscaler;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly FleetModel _fleet;
    private readonly List<DemoPod> _pods = [];
    private readonly List<PodLifecycle> _removedLifecycles = [];
    private readonly string _engineVersion;
    private double _servedTokensPerSecond;
    private double _nextScaleAt;

    public WorkloadSimulation(DemoWorkload workload, DemoFleetOptions options, NodePool nodes, DateTimeOffset start, Random seeds)
    {
        _workload = workload;
        _options = options;
        _nodes = nodes;
        _start = start;
        // Separate streams, so that e.g. an extra pod name drawn does not shift every later arrival.
        _arrivals = new Random(seeds.Next());
        _lengths = new Random(seeds.Next());
        var lifecycles = new Random(seeds.Next());
        _bursts = new BurstEpisodes(workload.Bursts, new Random(seeds.Next()));
        var namer = new PodNamer(workload.Name, new Random(seeds.Next()));
        _autoscaler = new DemoAutoscaler(workload, options.ScaleDownStabilization);
        _labels = new Dictionary<string, string> { ["app"] = workload.Name, ["workload"] = workload.Name }.ToFrozenDictionary();
        Spec = workload.ToSpec(options.ColdStartCompression);
        _engineVersion = EngineImage.VersionOf(Spec.Engine, [workload.Image]);
        var replicas = new DemoReplicas(workload, options.ColdStartCompression, namer, IsTaken, lifecycles);
        _fleet = new FleetModel(new FleetRules(workload.Model, workload.ClientTimeout, TerminationGrace, DemoFleet.Step), replicas,
            new UncountedRequests(), FleetTiming.Events);
        StartWarm();
    }

    public WorkloadSpec Spec { get; }

    /// <summary>Advances the workload by <paramref name="seconds"/> from <paramref name="at"/>.</summary>
    public void Step(DateTimeOffset at, double seconds)
    {
        var elapsed = Seconds(at);
        Arrive(elapsed, seconds);
        var end = elapsed + seconds;
        _fleet.RunUntil(end);
        // The pods read the engines' counters and busy time as of the step's end.
        _fleet.Settle(end);
        // The demo lists start-ups from its own pods, so the fleet's record of newly ready replicas is not kept.
        _fleet.BecameReady.Clear();
        var generated = 0.0;
        foreach (var pod in _pods)
        {
            generated += pod.Advance(seconds);
        }
        _servedTokensPerSecond += (generated / seconds - _servedTokensPerSecond) * (1 - Math.Exp(-seconds / ServedSmoothingSeconds));
        if (elapsed >= _nextScaleAt)
        {
            // At the step's end, where the fleet now is: its replicas are added and removed no earlier than it has run.
            Scale(end);
            _nextScaleAt = elapsed + ScaleIntervalSeconds;
        }
    }

    public WorkloadObservation Observe(DateTimeOffset now)
    {
        var seconds = Seconds(now);
        var cutoff = now - LifecycleHistoryAge;
        var pods = _pods.Select(p => p.Read(seconds, _labels, _engineVersion)).ToArray();
        var lifecycles = _removedLifecycles
            .Where(l => l.Created >= cutoff)
            .Concat(_pods.Select(p => PodConditions.Lifecycle(p.Replica.Name, p.Replica.Startup, seconds, _start)).Where(l => l.Created >= cutoff))
            .ToArray();
        return new WorkloadObservation(now, pods, lifecycles, _fleet.Held);
    }

    private double Seconds(DateTimeOffset at) => (at - _start).TotalSeconds;

    private void StartWarm()
    {
        var offered = _workload.BaseRequestsPerSecond * DiurnalCycle.Factor(0, _options.TimeCompression, _workload.DiurnalAmplitude)
            * _workload.OutputTokens.Mean;
        var replicas = _workload.InitialReplicas ?? _autoscaler.Desired(offered, 0);
        // A warm fleet has been serving its load, so the autoscaler does not start from zero demand.
        _servedTokensPerSecond = Math.Min(offered, replicas * _workload.Model.PeakDecodeTokensPerSecond);
        _fleet.AddWarm(replicas, 0);
        Track(0);
    }

    private void Arrive(double elapsed, double seconds)
    {
        var rate = _workload.BaseRequestsPerSecond
            * DiurnalCycle.Factor(elapsed, _options.TimeCompression, _workload.DiurnalAmplitude)
            * _bursts.FactorAt(elapsed);
        var count = rate > 0 ? Poisson.Sample(_arrivals, rate * seconds) : 0;
        for (var i = 0; i < count; i++)
        {
            var prompt = (int)Math.Round(_workload.PromptTokens.Sample(_lengths));
            var output = (int)Math.Round(_workload.OutputTokens.Sample(_lengths));
            _fleet.Arrive(elapsed, prompt, output, elapsed);
        }
    }

    private void Scale(double elapsed)
    {
        var queued = _fleet.Held + _fleet.Replicas.Sum(r => r.Waiting);
        var target = _autoscaler.Target(elapsed, _servedTokensPerSecond, queued, _fleet.Scale);
        if (target != _fleet.Scale)
        {
            _fleet.ScaleTo(target, elapsed);
            Track(elapsed);
        }
    }

    /// <summary>
    /// Lists the fleet's new replicas as pods on the first node with room, and drops the ones the fleet removed or is
    /// terminating: as in Kubernetes, a deleted pod leaves the list at once, while its engine drains in the background.
    /// </summary>
    private void Track(double now)
    {
        foreach (var gone in _pods.Where(p => p.Replica.Terminating || !_fleet.Replicas.Contains(p.Replica)).ToArray())
        {
            _pods.Remove(gone);
            _nodes.Release(gone.NodeIndex);
            Remember(PodConditions.Lifecycle(gone.Replica.Name, gone.Replica.Startup, now, _start), _start + TimeSpan.FromSeconds(now));
        }
        foreach (var replica in _fleet.Replicas.Where(r => !r.Terminating && !_pods.Exists(p => p.Replica == r)))
        {
            _pods.Add(new DemoPod(replica, _nodes.Place()));
        }
    }

    private void Remember(PodLifecycle removed, DateTimeOffset at)
    {
        _removedLifecycles.Add(removed);
        _removedLifecycles.RemoveAll(l => l.Created < at - LifecycleHistoryAge);
        if (_removedLifecycles.Count > LifecycleHistoryLimit)
        {
            _removedLifecycles.RemoveRange(0, _removedLifecycles.Count - LifecycleHistoryLimit);
        }
    }

    private bool IsTaken(string name) =>
        _fleet.Replicas.Any(r => r.Name == name) || _removedLifecycles.Exists(l => l.Name == name);

    // The demo shows engine readings, not per-request outcomes.
    private sealed class UncountedRequests : IRequestSink
    {
        public void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens) { }

        public void Dropped(double arrival, double at, int promptTokens) { }
    }
}
