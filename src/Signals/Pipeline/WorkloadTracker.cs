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
        var ready = observation.Pods.Where(p => p.Ready).ToArray();

        UpdatePods(ready, at);
        foreach (var lifecycle in observation.Lifecycles) ObserveColdStart(lifecycle);
        LeadTime = _coldStart.Quantile(_options.ColdStartQuantile) + _options.HpaSyncPeriod + _options.Interval;

        var values = new MetricValues();
        var throughput = SumRates(ready, p => p.GenerationRate, r => r.Engine.GenerationTokensTotal ?? r.Engine.GenerationTokensPerSecond);
        values.Set(CatalogMetric.TokenThroughput, throughput);
        values.Set(CatalogMetric.PromptThroughput, SumRates(ready, p => p.PromptRate, r => r.Engine.PromptTokensTotal ?? r.Engine.PromptTokensPerSecond));
        var podQueue = Aggregate.Combine(Aggregation.Sum, ready.Select(p => p.Engine.RequestsWaiting));
        // A configured gateway queue that cannot be read leaves the queue unknown, not smaller.
        var gateway = observation.GatewayQueue ?? (Spec.GatewayPool is null ? 0 : (double?)null);
        // With no ready pod, nothing can queue in an engine: the only queue is the gateway's, if any.
        var queue = ready.Length == 0 ? gateway : podQueue + gateway;
        values.Set(CatalogMetric.QueueDepth, queue);
        values.Set(CatalogMetric.RunningRequests, ready.Length == 0 ? 0 : Aggregate.Combine(Aggregation.Sum, ready.Select(p => p.Engine.RequestsRunning)));
        values.Set(CatalogMetric.GpuDutyCycle, Aggregate.Combine(Aggregation.Mean, ready.Select(p => _pods[p.Name].DutyCycle)));
        values.Set(CatalogMetric.KvCacheUtilization, Aggregate.Combine(Aggregation.Mean, ready.Select(p => _pods[p.Name].KvCache)));
        values.Set(CatalogMetric.ColdStartSeconds, _coldStart.Quantile(_options.ColdStartQuantile).TotalSeconds);

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

    private void UpdatePods(PodReading[] ready, DateTimeOffset at)
    {
        foreach (var gone in _pods.Keys.Except(ready.Select(p => p.Name)).ToArray()) _pods.Remove(gone);
        foreach (var pod in ready)
        {
            if (!_pods.TryGetValue(pod.Name, out var state))
                _pods[pod.Name] = state = new PodState(_options.SmoothingWindow);
            state.Update(pod.Engine, pod.SampledAt ?? at);
        }
    }

    // A pod seen for the first time has no rate yet; it just became ready, so leaving it out for one
    // interval undercounts little. A pod whose counter is absent is broken, and makes the sum missing;
    // so does a pod seen before that still has no rate (its counter was absent last time).
    private double? SumRates(PodReading[] ready, Func<PodState, double?> rate, Func<PodReading, double?> counter)
    {
        if (ready.Length == 0) return 0;
        double sum = 0;
        var known = 0;
        foreach (var pod in ready)
        {
            if (counter(pod) is null) return null;
            var state = _pods[pod.Name];
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
        if (ColdStartTimeline.SampleOf(life) is { } sample) _coldStart.Observe(life.Name, sample);
    }

    private ReplicaDecision? Decide(DateTimeOffset at, PodReading[] ready, double? throughput, double? queue, double? gatewayQueue, TimeSpan elapsed)
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

        var busy = ready.Count(p => p.Engine.RequestsWaiting > 0);
        if (SaturatedThroughput(ready, gatewayQueue > 0) is { } perReplica)
            _learnedCapacity.Update(perReplica, elapsed);
        var capacity = _learnedCapacity.Value ?? Spec.TokensPerSecondPerReplica;

        var queueTokens = queued * _options.TokensPerRequest;
        var forDemand = ReplicasFor(Math.Max(demand, forecast), capacity);
        var forQueue = ReplicasFor(demand + queueTokens / Spec.QueueDrainTarget.TotalSeconds, capacity);
        var desired = Math.Max(Math.Max(forDemand, forQueue), busy);
        return new ReplicaDecision(ready.Length, busy, capacity, _learnedCapacity.Value is not null, demand, forecast, model,
            lead.TotalSeconds, queueTokens, forDemand, forQueue, desired);
    }

    // What one replica sustains is seen only on replicas that are full: work is waiting for them (in their engine,
    // or at the gateway when flow control holds it there) and their KV cache is nearly used up. Pods that are not
    // full, or that have no rate yet because they just started, would dilute the figure and over-provision.
    private double? SaturatedThroughput(PodReading[] ready, bool gatewayWaiting)
    {
        double sum = 0;
        var count = 0;
        foreach (var pod in ready)
        {
            var state = _pods[pod.Name];
            if (state.IsNew || state.GenerationRate is not { } rate || !(state.KvCache >= SaturatedKvCache)) continue;
            if (!(pod.Engine.RequestsWaiting > 0 || gatewayWaiting)) continue;
            sum += rate;
            count++;
        }
        return count > 0 && sum > 0 ? sum / count : null;
    }

    private static int ReplicasFor(double tokensPerSecond, double capacity) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(tokensPerSecond / capacity - 1e-9));

    private IReadOnlyList<PodSignals> PodSignalsOf(PodReading[] ready, MetricValues workload)
    {
        var pods = new PodSignals[ready.Length];
        for (var i = 0; i < ready.Length; i++)
        {
            var reading = ready[i];
            var state = _pods[reading.Name];
            var values = new MetricValues();
            values.Set(CatalogMetric.TokenThroughput, state.GenerationRate);
            values.Set(CatalogMetric.PromptThroughput, state.PromptRate);
            values.Set(CatalogMetric.QueueDepth, reading.Engine.RequestsWaiting);
            values.Set(CatalogMetric.RunningRequests, reading.Engine.RequestsRunning);
            values.Set(CatalogMetric.GpuDutyCycle, state.DutyCycle);
            values.Set(CatalogMetric.KvCacheUtilization, state.KvCache);
            foreach (var metric in MetricCatalog.All)
            {
                if (metric.PodShare == PodShare.EvenShare) values.Set(metric.Id, workload[metric.Id] / ready.Length);
                else if (metric.PodShare == PodShare.Same) values.Set(metric.Id, workload[metric.Id]);
            }
            pods[i] = new PodSignals(reading.Name, reading.Labels, reading.Node, values);
        }
        return pods;
    }
}
