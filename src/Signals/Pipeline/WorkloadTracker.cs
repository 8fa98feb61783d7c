using Headroom.Forecast.Live;
using Headroom.Signals.Catalog;
using Headroom.Signals.Engines;
using Headroom.Signals.Planning;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Pipeline;

/// <summary>Turns one workload's successive observations into its signals; owns that workload's memory.</summary>
internal sealed partial class WorkloadTracker
{
    private readonly SignalOptions _options;
    private readonly ReadyPodStates _pods;
    private readonly ColdStartTracker _coldStart;
    private readonly DemandForecast _forecast;
    private readonly DemandMeter _demand;
    private readonly CapacityEstimator _capacity;
    private readonly DispatchEstimator _dispatch = new(ReplicaSizing.DispatchLoadFactor);
    private readonly StabilizationWindow _window = new();
    private readonly EngineVersionCounts _engineVersions = new();
    private DateTimeOffset? _lastAt;
    private int _lastDesired;
    private double? _lastGateway;
    private CapacitySample[] _samples = new CapacitySample[8];
    private (DateTimeOffset Since, TimeSpan Over, int Replicas)? _startFloor;
    // Buffers reused by every Apply (one at a time per tracker), so a cycle allocates only what it publishes.
    private readonly List<PodReading> _ready = [];
    // The ready pods' states, in the order of _ready.
    private readonly List<PodState> _readyStates;

    public WorkloadTracker(WorkloadSpec spec, SignalOptions options)
    {
        Spec = spec;
        _options = options;
        _pods = new ReadyPodStates(options.SmoothingWindow);
        _readyStates = _pods.States;
        _coldStart = new ColdStartTracker(spec.ColdStartPrior, options.ColdStartMinSamples, options.ColdStartQuantile);
        _forecast = new DemandForecast(options);
        _demand = new DemandMeter(options.SmoothingWindow, spec.Role?.TokensPerRequest(options.TokensPerRequest) ?? options.TokensPerRequest,
            spec.KvCacheTokensPerReplica, kvCacheRead: EnginePresets.ReadsKvCache(spec) && (spec.Role?.PromptReadFromKvCache ?? true));
        _capacity = new CapacityEstimator(spec.CapacityPrior);
        LeadTime = spec.ColdStartPrior + options.HpaSyncPeriod + options.Interval;
        Current = WorkloadSignals.NotYetObserved(spec);
    }

    public WorkloadSpec Spec { get; }

    /// <summary>The workload's demand history and fitted model, refitted off the cycle.</summary>
    public LiveForecaster Forecaster => _forecast.Fitted;

    /// <summary>When the model should next be chosen and fitted; null until the first try, which is due at once.</summary>
    public DateTimeOffset? RefitDue { get; set; }

    /// <summary>
    /// Time a replica asked for now takes to serve: cold-start quantile, HPA sync period and signal lag.
    /// Kept as of the latest observation, so that a refit on another thread reads it without touching the cold-start model.
    /// </summary>
    public TimeSpan LeadTime { get; private set; }

    /// <summary>The latest signals: fresh after a success, last-known-good with an error after a failure.</summary>
    public WorkloadSignals Current { get; private set; }

    // The last good values stay; the cold starts they reported were reported once, with them.
    public void Fail(string error) => Current = Current with { LastError = error, ColdStartsLearned = [] };

    /// <summary>Whether the latest observation was refused for having more pods than the cap.</summary>
    public bool OverPodCap { get; set; }

    public void Apply(WorkloadObservation observation)
    {
        var at = observation.Timestamp;
        var elapsed = _lastAt is { } last ? at - last : TimeSpan.Zero;
        var ready = _ready;
        ready.Clear();
        var pods = observation.PodSpan();
        foreach (var pod in pods)
        {
            if (pod.Ready) ready.Add(pod);
        }

        var values = new MetricValues();
        var podSignals = new ReadyPodSignals(ready, values);
        var totals = UpdatePods(ready, at, podSignals);
        var coldStarts = _coldStart.Observe(observation.Lifecycles);
        var coldStart = _coldStart.Quantile;
        LeadTime = coldStart + _options.HpaSyncPeriod + _options.Interval;

        var throughput = totals.GenerationRate;
        values.Set(CatalogMetric.TokenThroughput, throughput);
        var promptThroughput = totals.PromptRate;
        values.Set(CatalogMetric.PromptThroughput, promptThroughput);
        var podQueue = totals.Waiting;
        // A configured gateway queue that cannot be read leaves the queue unknown, not smaller.
        var gateway = observation.GatewayQueue ?? (Spec.GatewayPool is null ? 0 : (double?)null);
        // With no ready pod, nothing can queue in an engine: the only queue is the gateway's, if any.
        var queue = ready.Count == 0 ? gateway : podQueue + gateway;
        values.Set(CatalogMetric.QueueDepth, queue);
        values.Set(CatalogMetric.RunningRequests, totals.Running);
        values.Set(CatalogMetric.GpuDutyCycle, totals.DutyCycle);
        values.Set(CatalogMetric.KvCacheUtilization, totals.KvCache);
        values.Set(CatalogMetric.ColdStartSeconds, coldStart.TotalSeconds);

        var decision = Decide(at, pods.Length - ready.Count, throughput, promptThroughput, queue, gateway ?? 0, elapsed, totals);
        if (decision is not null)
        {
            values.Set(CatalogMetric.TokenDemandForecast, decision.ForecastDemand);
            values.Set(CatalogMetric.DesiredReplicas, decision.Desired);
        }

        _lastAt = at;
        Current = new WorkloadSignals(Spec, at, null, values, podSignals, decision)
        {
            ColdStartsLearned = coldStarts,
            OlderNames = OlderNamesOf(ready),
            EngineVersions = _engineVersions.Of(ready),
        };
    }

    // The ready pods' states, in the order of the ready pods, into _readyStates (pods no longer ready are forgotten);
    // their rows of the snapshot's pod values and their capacity samples; and the workload's values over them.
    private ReadyPodTotals UpdatePods(List<PodReading> ready, DateTimeOffset at, ReadyPodSignals pods)
    {
        _pods.Match(ready);
        var totals = new ReadyPodTotals();
        if (_samples.Length < ready.Count) _samples = new CapacitySample[Math.Max(ready.Count, 2 * _samples.Length)];
        for (var i = 0; i < ready.Count; i++)
        {
            var (reading, state) = (ready[i], _readyStates[i]);
            state.Update(reading.Engine, reading.SampledAt ?? at);
            totals.Add(reading.Engine, state);
            // Rates and duty over the same cycle: smoothed values that started at different times are not in proportion.
            _samples[i] = new CapacitySample(state.LastPrefilledRate ?? 0, state.LastGenerationRate ?? 0, state.LastDutyCycle, state.WaitingAtBoth,
                state.KvCache, state.BusyPrefill);
            pods.Set(i, CatalogMetric.TokenThroughput, state.GenerationRate);
            pods.Set(i, CatalogMetric.PromptThroughput, state.PromptRate);
            pods.Set(i, CatalogMetric.QueueDepth, reading.Engine.RequestsWaiting);
            pods.Set(i, CatalogMetric.RunningRequests, reading.Engine.RequestsRunning);
            pods.Set(i, CatalogMetric.GpuDutyCycle, state.DutyCycle);
            pods.Set(i, CatalogMetric.KvCacheUtilization, state.KvCache);
        }
        return totals;
    }

    private ReplicaDecision? Decide(DateTimeOffset at, int starting, double? throughput, double? promptThroughput, double? queue, double gateway,
        TimeSpan elapsed, in ReadyPodTotals totals)
    {
        if (throughput is null || queue is not { } queued) return null;

        var count = _ready.Count;
        var rawPrompt = totals.PrefilledRate;
        var (finished, inFlightChange, waitingChange) = (totals.FinishedRate, totals.InFlightChange, totals.WaitingChange);
        // Without a prompt counter there is no prompt demand to see: prefill is then not sized, only decode, KV and queue.
        if (promptThroughput is null) rawPrompt = 0;
        _capacity.Observe(_samples.AsSpan(0, count), elapsed);
        // At the first observation every pod is new to the tracker, not to the fleet: what it holds is no change.
        var gatewayChange = gateway - (_lastGateway ?? gateway);
        _lastGateway = gateway;
        if (elapsed <= TimeSpan.Zero) inFlightChange = waitingChange = 0;
        var lead = LeadTime;
        var now = _demand.Update(new DemandReading(rawPrompt, totals.LastGenerationRate, queued, totals.RunningReported, totals.KvCacheSum, finished,
            totals.FinishedPrefilledRate, inFlightChange + gatewayChange, waitingChange + gatewayChange, totals.LastKvCacheSum, totals.CachedPromptRate),
            elapsed, lead);

        _forecast.Observe(at, now.GenerationTokensPerSecond);
        var (forecast, model, band) = _forecast.Ahead(at, lead, now.GenerationTokensPerSecond);
        // The last value forecasts demand now in every dimension; a fitted model's level is spread over the mix.
        var ahead = model == DemandForecast.LastValue ? now : _demand.Ahead(now, forecast);

        // While pods start, the fleet is short of what was asked and requests wait for capacity, not for the dispatch.
        // Requests per second come from the engines' counters where they count them, else at the mean prompt.
        var requests = finished > 0 ? finished : now.PromptTokensPerRequest > 0 ? now.PromptTokensPerSecond / now.PromptTokensPerRequest : 0;
        if (starting == 0) _dispatch.Observe(count, now.PromptTokensPerSecond, ReplicaSizing.PromptSizes(now.PromptDispersionTokens, now.PromptTokensPerRequest),
            _capacity.Current.PrefillTokensPerSecond, requests, queued - gateway, elapsed);
        var capacity = _capacity.Current with { DispatchLoadFactor = _dispatch.Factor };
        // With no history yet, the replicas already there are evidence of what was needed, which the planner's own
        // measurements replace over one lead time (what is removed now can be back by then): the floor they set falls
        // linearly from all of them to none across it.
        if (_startFloor is null)
        {
            _startFloor = (at, lead, count + starting);
            _lastDesired = count + starting;
        }
        var held = _window.Held(at, lead + Spec.ScaleDownStabilization);
        var (since, over, found) = _startFloor.Value;
        var left = 1 - (at - since) / over;
        if (left > 0) held = Math.Max(held, (int)Math.Ceiling(found * left - 1e-9));
        var onsets = _demand.WithOnsets(ahead);
        var plan = ReplicaPlanner.Plan(new PlanInput(now, ahead, onsets, capacity, Spec.Objective, Spec.QueueDrainTarget, held, _lastDesired, Spec.Sized));
        // The first cycles are acted on but not held: sized on a cycle or two of demand (the Mooncake sample's first
        // read 60,000 tokens/s against a level of 45,000), their need would be kept for the whole window.
        if (at - since >= _options.SmoothingWindow) _window.Record(at, plan.Kept);
        _lastDesired = plan.Desired;
        var needs = plan.Needs;
        return new ReplicaDecision(count, starting, capacity.PrefillTokensPerSecond, capacity.DecodeTokensPerSecond,
            _capacity.PrefillLearned, _capacity.DecodeLearned, now.PromptTokensPerSecond, now.GenerationTokensPerSecond,
            now.PromptDispersionTokens, now.KvTokensInUse, now.QueuedPromptTokens, forecast, model, lead.TotalSeconds,
            needs.Prefill, needs.Compute, needs.Decode, needs.KvCache, needs.Queue, plan.Needed, plan.Held, plan.Desired,
            plan.BoundBy.Label())
        {
            ForecastBand = band,
            DispatchLoadFactor = _dispatch.Factor,
            DispatchLoadFactorLearned = _dispatch.Learned,
            OnsetPromptDemand = onsets.PromptTokensPerSecond,
            OnsetPromptDispersion = onsets.PromptDispersionTokens,
            PrefixCacheHitRatio = _demand.PrefixCacheHitRatio,
            PromptArrivalNoise = _demand.PromptArrivalNoise,
            NeededFor = plan.NeededFor,
        };
    }

    // Allocates only when a pod reads an older name, which an up-to-date fleet never does; a pod that reads none is
    // passed over without an enumerator.
    private static IReadOnlyList<string> OlderNamesOf(List<PodReading> ready)
    {
        List<string>? names = null;
        foreach (var pod in ready)
        {
            if (!pod.ReadsOlderNames) continue;
            foreach (var name in pod.OlderNames)
            {
                if (!(names ??= []).Contains(name)) names.Add(name);
            }
        }
        return names ?? (IReadOnlyList<string>)[];
    }
}
