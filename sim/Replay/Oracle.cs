using Headroom.Fleet;
using Headroom.Signals.Catalog;
using Headroom.Signals.Planning;
using Headroom.Sim.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Replay;

/// <summary>
/// The clairvoyant policy: it knows every arrival to come and orders replicas one cold start ahead (the cold start's
/// 99th percentile, so its replicas are almost always ready in time), sized by the planner's own
/// <see cref="ReplicaSizing"/> with the fleet's true capacity, and releases them as soon as the future no longer needs
/// them and no request waits (for one role of a prefill/decode fleet, on that role's dimensions). It is replayed through the same fleet as every policy, so its GPU-hours include cold starts and its SLO
/// attainment is measured, not assumed. A policy's GPU-hours are reported as a multiple of the oracle's.
/// </summary>
internal sealed class Oracle : IReplicaController
{
    /// <summary>Share of attainable requests the oracle sizes for: the objective every policy is held to.</summary>
    public const double Attainment = 0.99;

    private readonly FutureDemand _future;
    private readonly int[] _needs;
    private readonly double _leadSeconds;
    private readonly int _minReplicas;

    public Oracle(FutureDemand future, FleetSpec fleet, double sloTtftSeconds, int minReplicas = 1, SizedDimensions sized = SizedDimensions.All)
    {
        _future = future;
        _minReplicas = minReplicas;
        var capacity = TrueCapacity(fleet.Model);
        var objective = new ServiceObjective(TimeSpan.FromSeconds(sloTtftSeconds), Attainment);
        _needs = new int[future.Count];
        for (var i = 0; i < future.Count; i++)
            _needs[i] = RoleSizing.Size(future.DemandAt(i), sized, capacity, objective, TimeSpan.FromSeconds(sloTtftSeconds)).Replicas;
        _leadSeconds = fleet.ColdStart.Quantile(0.99, fleet.PodsPerReplica) + Period.TotalSeconds;
        InitialReplicas = Math.Max(_minReplicas, NeedOver(0, _leadSeconds));
    }

    /// <inheritdoc />
    public TimeSpan Period { get; } = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public int InitialReplicas { get; }

    /// <inheritdoc />
    public ControllerDecision Sync(ControllerView view)
    {
        var now = view.Now.TotalSeconds;
        var desired = Math.Max(_minReplicas, NeedOver(now, now + _leadSeconds));
        // Sized on arrivals to come, it would release replicas a backlog of earlier ones still needs.
        if (view.Metrics.Value(CatalogMetric.QueueDepth) is > 0) desired = Math.Max(desired, view.CurrentReplicas);
        return new ControllerDecision(desired, desired);
    }

    /// <summary>What one replica of <paramref name="model"/> sustains: prefill alone at the chunk budget, decode at its full batch.</summary>
    public static ReplicaCapacity TrueCapacity(ModelProfile model) =>
        new(UnloadedPrefillTokensPerSecond(model), model.PeakDecodeTokensPerSecond, model.KvCacheTokens);

    /// <summary>Prompt tokens per second a replica with nothing else to do prefills.</summary>
    public static double UnloadedPrefillTokensPerSecond(ModelProfile model)
    {
        var chunk = model.ChunkTokens(0);
        return chunk / model.IterationSeconds(0, chunk);
    }

    private int NeedOver(double from, double to)
    {
        var need = 0;
        var last = Math.Min(_needs.Length - 1, _future.BucketOf(to));
        for (var i = Math.Max(0, _future.BucketOf(from)); i <= last; i++) need = Math.Max(need, _needs[i]);
        return need;
    }
}

/// <summary>
/// A trace's demand ahead of time, in short buckets: requests, prompt tokens, their squares and output tokens.
/// Read in one pass before the replay, so the oracle can look ahead.
/// </summary>
internal sealed class FutureDemand
{
    private readonly List<(int Requests, double Prompt, double PromptSquares, double Output, double KvTokenSeconds)> _buckets = [];

    public FutureDemand(double bucketSeconds) => BucketSeconds = bucketSeconds;

    public double BucketSeconds { get; }

    public int Count => _buckets.Count;

    /// <summary>Reads the trace as the replay will see it.</summary>
    public static FutureDemand Read(ReplaySetup setup, double bucketSeconds = 5)
    {
        var future = new FutureDemand(bucketSeconds);
        var prefill = Oracle.UnloadedPrefillTokensPerSecond(setup.Fleet.Model);
        var holding = setup.Fleet.Model.IterationSeconds(setup.Fleet.Model.MaxBatch / 2, 0);
        using var requests = setup.Trace.Apply(new TraceReader(setup.TracePath, setup.BadRows));
        while (requests.TryNext(out var r)) future.Add(r.ArrivalSeconds, r.PromptTokens, r.OutputTokens, prefill, holding);
        return future;
    }

    public int BucketOf(double seconds) => (int)Math.Floor(seconds / BucketSeconds);

    /// <summary>Adds one request; its KV tokens are held from arrival through its prefill and its decode.</summary>
    public void Add(double arrival, int prompt, int output, double prefillTokensPerSecond, double secondsPerOutputToken)
    {
        var index = BucketOf(arrival);
        while (_buckets.Count <= index) _buckets.Add(default);
        var (n, p, p2, o, kv) = _buckets[index];
        var held = prompt / prefillTokensPerSecond + output * secondsPerOutputToken;
        _buckets[index] = (n + 1, p + prompt, p2 + (double)prompt * prompt, o + output, kv + (prompt + output / 2.0) * held);
    }

    /// <summary>The demand of bucket <paramref name="index"/>, as the planner sizes it.</summary>
    public Demand DemandAt(int index)
    {
        var (n, p, p2, o, kv) = _buckets[index];
        return new Demand(p / BucketSeconds, o / BucketSeconds, p > 0 ? p2 / p : 0, kv / BucketSeconds, 0, n > 0 ? p / n : 0);
    }
}
