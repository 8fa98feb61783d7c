using System.Collections.Frozen;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// One demo workload: Poisson arrivals, a gateway that routes to the least-loaded ready replica
/// (and holds requests while none is ready), the replicas' engines, and the autoscaler that adds and removes pods.
/// </summary>
internal sealed class WorkloadSimulation
{
    private const double ServedSmoothingSeconds = 10;
    private const double ScaleIntervalSeconds = 1;
    private const int LifecycleHistoryLimit = 200;
    private static readonly TimeSpan LifecycleHistoryAge = TimeSpan.FromMinutes(30);

    private readonly DemoWorkload _workload;
    private readonly DemoFleetOptions _options;
    private readonly NodePool _nodes;
    private readonly DateTimeOffset _start;
    private readonly Random _arrivals;
    private readonly Random _lengths;
    private readonly Random _lifecycles;
    private readonly BurstEpisodes _bursts;
    private readonly PodNamer _namer;
    private readonly DemoAutoscaler _autoscaler;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly List<SimulatedPod> _pods = [];
    private readonly List<SimulatedPod> _ready = [];
    private readonly LinkedList<SimulatedRequest> _gateway = new();
    private readonly List<PodLifecycle> _removedLifecycles = [];
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
        _lifecycles = new Random(seeds.Next());
        _bursts = new BurstEpisodes(workload.Bursts, new Random(seeds.Next()));
        _namer = new PodNamer(workload.Name, new Random(seeds.Next()));
        _autoscaler = new DemoAutoscaler(workload, options.ScaleDownStabilization);
        _labels = new Dictionary<string, string> { ["app"] = workload.Name, ["workload"] = workload.Name }.ToFrozenDictionary();
        Spec = workload.ToSpec(options.ColdStartCompression);
        StartWarm();
    }

    public WorkloadSpec Spec { get; }

    /// <summary>Advances the workload by <paramref name="seconds"/> from <paramref name="at"/>.</summary>
    public void Step(DateTimeOffset at, double seconds)
    {
        var elapsed = (at - _start).TotalSeconds;
        DropAbandoned(at - _workload.ClientTimeout);
        Arrive(at, seconds, elapsed);
        _ready.Clear();
        _ready.AddRange(_pods.Where(p => p.Timeline.IsReadyAt(at)));
        Route();
        var generated = 0.0;
        foreach (var pod in _ready)
        {
            generated += pod.Engine.Step(seconds);
        }
        _servedTokensPerSecond += (generated / seconds - _servedTokensPerSecond) * (1 - Math.Exp(-seconds / ServedSmoothingSeconds));
        if (elapsed >= _nextScaleAt)
        {
            Scale(at, elapsed);
            _nextScaleAt = elapsed + ScaleIntervalSeconds;
        }
    }

    public WorkloadObservation Observe(DateTimeOffset now)
    {
        var cutoff = now - LifecycleHistoryAge;
        var pods = _pods.Select(p => p.Read(now, _labels)).ToArray();
        var lifecycles = _removedLifecycles
            .Where(l => l.Created >= cutoff)
            .Concat(_pods.Where(p => p.Timeline.Created >= cutoff).Select(p => p.Timeline.ToLifecycle(p.Name, now)))
            .ToArray();
        return new WorkloadObservation(now, pods, lifecycles, _gateway.Count);
    }

    private void StartWarm()
    {
        var offered = _workload.BaseRequestsPerSecond * DiurnalCycle.Factor(0, _options.TimeCompression, _workload.DiurnalAmplitude)
            * _workload.OutputTokens.Mean;
        var replicas = _workload.InitialReplicas ?? _autoscaler.Desired(offered, 0);
        // A warm fleet has been serving its load, so the autoscaler does not start from zero demand.
        _servedTokensPerSecond = Math.Min(offered, replicas * _workload.DecodeTokensPerSecond);
        for (var i = 0; i < replicas; i++)
        {
            // Back-dated so the pods are ready now and their start-ups already feed the cold-start model.
            var fresh = PodTimeline.Draw(_start, _workload.ColdStart, _options.ColdStartCompression, _lifecycles);
            var age = fresh.Total + TimeSpan.FromSeconds(_lifecycles.NextUniform(30, 600));
            AddPod(fresh.ShiftedBy(-age));
        }
    }

    private void DropAbandoned(DateTimeOffset cutoff)
    {
        _gateway.DropArrivedBefore(cutoff);
        foreach (var pod in _pods)
        {
            pod.Engine.DropWaitingArrivedBefore(cutoff);
        }
    }

    private void Arrive(DateTimeOffset at, double seconds, double elapsed)
    {
        var rate = _workload.BaseRequestsPerSecond
            * DiurnalCycle.Factor(elapsed, _options.TimeCompression, _workload.DiurnalAmplitude)
            * _bursts.FactorAt(elapsed);
        var count = _arrivals.NextPoisson(rate * seconds);
        for (var i = 0; i < count; i++)
        {
            var prompt = (int)Math.Round(_workload.PromptTokens.Sample(_lengths));
            var output = (int)Math.Round(_workload.OutputTokens.Sample(_lengths));
            _gateway.AddLast(new SimulatedRequest(prompt, output, at));
        }
    }

    private void Route()
    {
        if (_ready.Count == 0)
        {
            return;
        }
        while (_gateway.First is { } next)
        {
            _gateway.RemoveFirst();
            LeastLoaded().Engine.Enqueue(next.Value);
        }
    }

    private SimulatedPod LeastLoaded()
    {
        var best = _ready[0];
        foreach (var pod in _ready)
        {
            if (pod.Engine.Load < best.Engine.Load)
            {
                best = pod;
            }
        }
        return best;
    }

    private void Scale(DateTimeOffset at, double elapsed)
    {
        var queued = _gateway.Count + _pods.Sum(p => p.Engine.Waiting);
        var target = _autoscaler.Target(elapsed, _servedTokensPerSecond, queued, _pods.Count);
        while (_pods.Count < target)
        {
            AddPod(PodTimeline.Draw(at, _workload.ColdStart, _options.ColdStartCompression, _lifecycles));
        }
        while (_pods.Count > target)
        {
            RemovePod(LeastValuable(at), at);
        }
    }

    private void AddPod(PodTimeline timeline)
    {
        var name = _namer.Next(IsTaken);
        _pods.Add(new SimulatedPod(name, _nodes.Place(), timeline, new BatchingEngine(_workload)));
    }

    private bool IsTaken(string name) =>
        _pods.Exists(p => p.Name == name) || _removedLifecycles.Exists(l => l.Name == name);

    /// <summary>Like a ReplicaSet scaling down: a pod still starting goes first (newest first), then the most recently ready.</summary>
    private SimulatedPod LeastValuable(DateTimeOffset at)
    {
        var starting = _pods.Where(p => !p.Timeline.IsReadyAt(at)).MaxBy(p => p.Timeline.Created);
        return starting ?? _pods.MaxBy(p => p.Timeline.Ready)!;
    }

    /// <summary>
    /// A removed pod vanishes at once. Its waiting and running requests go back to the gateway and restart
    /// from scratch, as a client or gateway retry would; the tokens it generated leave with its counters.
    /// </summary>
    private void RemovePod(SimulatedPod pod, DateTimeOffset at)
    {
        _pods.Remove(pod);
        _nodes.Release(pod.NodeIndex);
        foreach (var request in pod.Engine.Evict())
        {
            request.Restart();
            _gateway.AddLast(request);
        }
        _removedLifecycles.Add(pod.Timeline.ToLifecycle(pod.Name, at));
        _removedLifecycles.RemoveAll(l => l.Created < at - LifecycleHistoryAge);
        if (_removedLifecycles.Count > LifecycleHistoryLimit)
        {
            _removedLifecycles.RemoveRange(0, _removedLifecycles.Count - LifecycleHistoryLimit);
        }
    }
}
