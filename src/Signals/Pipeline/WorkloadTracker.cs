using Headroom.Forecast.ColdStart;
using Headroom.Forecast.Live;
using Headroom.Forecast.Smoothing;
using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Pipeline;

/// <summary>Turns one workload's successive observations into its signals; owns that workload's memory.</summary>
internal sealed class WorkloadTracker
{
    private const double SaturatedKvCache = 0.8;
    private readonly SignalOptions _options;
    private readonly Dictionary<string, PodState> _pods = new(StringComparer.Ordinal);
    private const string OnlineModel = "damped-holt";
    // Online, fixed-parameter forecast at the cycle's step: answers from the first cycle, until a fitted model can.
    private readonly DampedHolt _forecaster = new(alpha: 0.3, beta: 0.1, phi: 0.98);
    private readonly ColdStartModel _coldStart;
    private Ewma _demand;
    private Ewma _learnedCapacity = new(TimeSpan.FromMinutes(5));
    private DateTimeOffset? _lastAt;
    private double? _lastQueue;
    // The cold-start quantile changes only when a start-up is observed; computing it sorts the samples.
    private TimeSpan? _coldStartQuantile;
    // Buffers reused by every Apply (one at a time per tracker), so a cycle allocates only what it publishes.
    private readonly List<PodReading> _ready = [];
    private readonly List<PodState> _readyStates = [];
    private readonly HashSet<string> _readyNames = new(StringComparer.Ordinal);
    private readonly List<string> _gone = [];
    private double?[] _column = new double?[8];
    // Catalog metrics a pod carries a share of, in catalog order.
    private static readonly MetricDefinition[] SharedMetrics = MetricCatalog.All.Where(m => m.PodShare != PodShare.Own).ToArray();

    public WorkloadTracker(WorkloadSpec spec, SignalOptions options)
    {
        Spec = spec;
        _options = options;
        _demand = new Ewma(options.SmoothingWindow);
        _coldStart = new ColdStartModel(spec.ColdStartPrior, options.ColdStartMinSamples);
        Forecaster = new LiveForecaster(options.Forecast.Live());
        LeadTime = spec.ColdStartPrior + options.HpaSyncPeriod + options.Interval;
        Current = WorkloadSignals.NotYetObserved(spec);
    }

    public WorkloadSpec Spec { get; }

    /// <summary>The workload's demand history and fitted model, refitted off the cycle.</summary>
    public LiveForecaster Forecaster { get; }

    /// <summary>When the model should next be chosen and fitted; null until the first try, which is due at once.</summary>
    public DateTimeOffset? RefitDue { get; set; }

    /// <summary>
    /// Time a replica asked for now takes to serve: cold-start quantile, HPA sync period and signal lag.
    /// Kept as of the latest observation, so that a refit on another thread reads it without touching the cold-start model.
    /// </summary>
    public TimeSpan LeadTime { get; private set; }

    /// <summary>The latest signals: fresh after a success, last-known-good with an error after a failure.</summary>
    public WorkloadSignals Current { get; private set; }

    public void Fail(string error) => Current = Current with { LastError = error };

    /// <summary>Whether the latest observation was refused for having more pods than the cap.</summary>
    public bool OverPodCap { get; set; }

    public void Apply(WorkloadObservation observation)
    {
        var at = observation.Timestamp;
        var elapsed = _lastAt is { } last ? at - last : TimeSpan.Zero;
        var ready = _ready;
        ready.Clear();
        foreach (var pod in observation.Pods)
        {
            if (pod.Ready) ready.Add(pod);
        }

        UpdatePods(ready, at);
        foreach (var lifecycle in observation.Lifecycles) ObserveColdStart(lifecycle);
        var coldStart = _coldStartQuantile ??= _coldStart.Quantile(_options.ColdStartQuantile);
        LeadTime = coldStart + _options.HpaSyncPeriod + _options.Interval;

        var values = new MetricValues();
        var throughput = SumRates(ready, p => p.GenerationRate, r => r.Engine.GenerationTokensTotal ?? r.Engine.GenerationTokensPerSecond);
        values.Set(CatalogMetric.TokenThroughput, throughput);
        values.Set(CatalogMetric.PromptThroughput, SumRates(ready, p => p.PromptRate, r => r.Engine.PromptTokensTotal ?? r.Engine.PromptTokensPerSecond));
        var podQueue = Combine(Aggregation.Sum, static (pod, _) => pod.Engine.RequestsWaiting);
        // A configured gateway queue that cannot be read leaves the queue unknown, not smaller.
        var gateway = observation.GatewayQueue ?? (Spec.GatewayPool is null ? 0 : (double?)null);
        // With no ready pod, nothing can queue in an engine: the only queue is the gateway's, if any.
        var queue = ready.Count == 0 ? gateway : podQueue + gateway;
        values.Set(CatalogMetric.QueueDepth, queue);
        values.Set(CatalogMetric.RunningRequests, ready.Count == 0 ? 0 : Combine(Aggregation.Sum, static (pod, _) => pod.Engine.RequestsRunning));
        values.Set(CatalogMetric.GpuDutyCycle, Combine(Aggregation.Mean, static (_, state) => state.DutyCycle));
        values.Set(CatalogMetric.KvCacheUtilization, Combine(Aggregation.Mean, static (_, state) => state.KvCache));
        values.Set(CatalogMetric.ColdStartSeconds, coldStart.TotalSeconds);

        var decision = Decide(at, ready, throughput, queue, observation.GatewayQueue, elapsed);
        if (decision is not null)
        {
            values.Set(CatalogMetric.TokenDemandForecast, decision.ForecastDemand);
            values.Set(CatalogMetric.DesiredReplicas, decision.Desired);
        }

        _lastAt = at;
        _lastQueue = queue;
        Current = new WorkloadSignals(Spec, at, null, values, PodSignalsOf(ready, values), decision);
    }

    // The ready pods' states, in the order of the ready pods, into _readyStates; pods no longer ready are forgotten.
    private void UpdatePods(List<PodReading> ready, DateTimeOffset at)
    {
        _readyStates.Clear();
        _readyNames.Clear();
        foreach (var pod in ready) _readyNames.Add(pod.Name);
        if (_pods.Count > 0)
        {
            _gone.Clear();
            foreach (var name in _pods.Keys)
            {
                if (!_readyNames.Contains(name)) _gone.Add(name);
            }
            foreach (var name in _gone) _pods.Remove(name);
        }
        foreach (var pod in ready)
        {
            if (!_pods.TryGetValue(pod.Name, out var state))
                _pods[pod.Name] = state = new PodState(_options.SmoothingWindow);
            state.Update(pod.Engine, pod.SampledAt ?? at);
            _readyStates.Add(state);
        }
    }

    // Aggregates one value per ready pod, gathered in a reused buffer rather than through an enumerator per metric.
    private double? Combine(Aggregation aggregation, Func<PodReading, PodState, double?> value)
    {
        var count = _ready.Count;
        if (_column.Length < count) _column = new double?[Math.Max(count, 2 * _column.Length)];
        for (var i = 0; i < count; i++) _column[i] = value(_ready[i], _readyStates[i]);
        return Aggregate.Combine(aggregation, _column.AsSpan(0, count));
    }

    // A pod seen for the first time has no rate yet; it just became ready, so leaving it out for one
    // interval undercounts little. A pod whose counter is absent is broken, and makes the sum missing;
    // so does a pod seen before that still has no rate (its counter was absent last time).
    private double? SumRates(List<PodReading> ready, Func<PodState, double?> rate, Func<PodReading, double?> counter)
    {
        if (ready.Count == 0) return 0;
        double sum = 0;
        var known = 0;
        for (var i = 0; i < ready.Count; i++)
        {
            if (counter(ready[i]) is null) return null;
            var state = _readyStates[i];
            if (rate(state) is { } r)
            {
                sum += r;
                known++;
            }
            else if (!state.IsNew) return null;
        }
        return known == 0 ? null : sum;
    }

    private void ObserveColdStart(PodLifecycle life)
    {
        if (ColdStartTimeline.SampleOf(life) is not { } sample) return;
        _coldStartQuantile = null;
        _coldStart.Observe(life.Name, sample);
    }

    private ReplicaDecision? Decide(DateTimeOffset at, List<PodReading> ready, double? throughput, double? queue, double? gatewayQueue, TimeSpan elapsed)
    {
        if (throughput is not { } served || queue is not { } queued) return null;

        var queueGrowth = _lastQueue is { } before && elapsed > TimeSpan.Zero
            ? Math.Max(0, (queued - before) / elapsed.TotalSeconds)
            : 0;
        var raw = served + queueGrowth * _options.TokensPerRequest;
        var demand = _demand.Update(raw, elapsed);

        var lead = LeadTime;
        _forecaster.Observe(demand);
        Forecaster.Observe(at, raw);
        var (forecast, model) = Forecaster.Forecast(at, lead, _options.Forecast.Quantile) is { } fitted
            ? (fitted.Value, fitted.Model)
            : (Math.Max(0, _forecaster.Forecast(lead / _options.Interval)), OnlineModel);

        var busy = 0;
        foreach (var pod in ready)
        {
            if (pod.Engine.RequestsWaiting > 0) busy++;
        }
        if (SaturatedThroughput(ready, gatewayQueue > 0) is { } perReplica)
            _learnedCapacity.Update(perReplica, elapsed);
        var capacity = _learnedCapacity.Value ?? Spec.TokensPerSecondPerReplica;

        var queueTokens = queued * _options.TokensPerRequest;
        var forDemand = ReplicasFor(Math.Max(demand, forecast), capacity);
        var forQueue = ReplicasFor(demand + queueTokens / Spec.QueueDrainTarget.TotalSeconds, capacity);
        var desired = Math.Max(Math.Max(forDemand, forQueue), busy);
        return new ReplicaDecision(ready.Count, busy, capacity, _learnedCapacity.Value is not null, demand, forecast, model,
            lead.TotalSeconds, queueTokens, forDemand, forQueue, desired);
    }

    // What one replica sustains is seen only on replicas that are full: work is waiting for them (in their engine,
    // or at the gateway when flow control holds it there) and their KV cache is nearly used up. Pods that are not
    // full, or that have no rate yet because they just started, would dilute the figure and over-provision.
    private double? SaturatedThroughput(List<PodReading> ready, bool gatewayWaiting)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < ready.Count; i++)
        {
            var pod = ready[i];
            var state = _readyStates[i];
            if (state.IsNew || state.GenerationRate is not { } rate || !(state.KvCache >= SaturatedKvCache)) continue;
            if (!(pod.Engine.RequestsWaiting > 0 || gatewayWaiting)) continue;
            sum += rate;
            count++;
        }
        return count > 0 && sum > 0 ? sum / count : null;
    }

    private static int ReplicasFor(double tokensPerSecond, double capacity) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(tokensPerSecond / capacity - 1e-9));

    private IReadOnlyList<PodSignals> PodSignalsOf(List<PodReading> ready, MetricValues workload)
    {
        if (ready.Count == 0) return [];
        var pods = new PodSignals[ready.Count];
        for (var i = 0; i < ready.Count; i++)
        {
            var reading = ready[i];
            var state = _readyStates[i];
            var values = new MetricValues();
            values.Set(CatalogMetric.TokenThroughput, state.GenerationRate);
            values.Set(CatalogMetric.PromptThroughput, state.PromptRate);
            values.Set(CatalogMetric.QueueDepth, reading.Engine.RequestsWaiting);
            values.Set(CatalogMetric.RunningRequests, reading.Engine.RequestsRunning);
            values.Set(CatalogMetric.GpuDutyCycle, state.DutyCycle);
            values.Set(CatalogMetric.KvCacheUtilization, state.KvCache);
            foreach (var metric in SharedMetrics)
            {
                values.Set(metric.Id, metric.PodShare == PodShare.EvenShare ? workload[metric.Id] / ready.Count : workload[metric.Id]);
            }
            pods[i] = new PodSignals(reading.Name, reading.Labels, reading.Node, values);
        }
        return pods;
    }
}
