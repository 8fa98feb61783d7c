using Headroom.Serving;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Prometheus;

namespace Headroom.Adapter.Observability;

/// <summary>
/// The adapter's own metrics: pipeline health, source errors, each decision's inputs, and per workload the served values,
/// pod readings, learned cold starts and forecast error. HTTP request metrics are <see cref="HttpRequestMetrics"/>.
/// </summary>
public sealed class AdapterMetrics
{
    private readonly Counter _sourceErrors;
    private readonly Histogram _cycleSeconds;
    private readonly Gauge _desiredInputs;
    private readonly Gauge _forecastModel;
    private readonly Gauge _olderNames;
    private readonly Gauge _engineInfo;
    private readonly Gauge _enginePods;
    private readonly ServedSignalMetrics _served;
    private readonly ColdStartMetrics _coldStarts;
    private readonly ForecastErrorMetrics _forecastErrors;
    // The model each workload's series names now; only the cycle thread records, so a plain dictionary serves.
    private readonly Dictionary<(string Namespace, string Workload), string> _models = [];
    // The older names each workload's series show now, so that a name the fleet stopped reading loses its series.
    private readonly Dictionary<(string Namespace, string Workload), IReadOnlyList<string>> _olderInUse = [];
    // The engine versions each workload's series show now, so that a version the fleet left loses its series.
    private readonly Dictionary<(string Namespace, string Workload), IReadOnlyList<EngineVersionPods>> _versions = [];
    // The last observation recorded per workload: a cycle that kept last-known-good values must not count them again.
    private readonly Dictionary<(string Namespace, string Workload), DateTimeOffset> _recorded = [];

    /// <summary>Registers the metrics in the registry.</summary>
    public AdapterMetrics(CollectorRegistry registry, SnapshotStore store, TimeProvider time)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _sourceErrors = factory.CreateCounter("headroom_source_errors_total",
            "Pipeline observations of a workload that failed.", "namespace", "workload");
        _cycleSeconds = factory.CreateHistogram("headroom_pipeline_cycle_seconds", "Wall time of one pipeline cycle.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        _desiredInputs = factory.CreateGauge("headroom_desired_replicas_input",
            "Each input of the desired-replicas decision, per workload.", "namespace", "workload", "input");
        _forecastModel = factory.CreateGauge("headroom_forecast_model",
            "1 for the method serving each workload's demand forecast (a fitted model's name, or last-value while history is short).",
            "namespace", "workload", "model");
        _olderNames = factory.CreateGauge("headroom_older_metric_name_in_use",
            "1 for each metric name a workload's readings came from that its engine has renamed since (the preset prefers a newer one); a reminder to upgrade before the engine drops it.",
            "namespace", "workload", "name");
        _engineInfo = factory.CreateGauge("headroom_engine_info",
            "1 for each engine version (from the pods' images; unknown without a pod list, for a latest tag or a digest) and metric names generation (current or older) a workload's ready pods run.",
            "namespace", "workload", "engine", "version", "names");
        _enginePods = factory.CreateGauge("headroom_engine_version_pods",
            "Ready pods (replicas, for grouped workloads) of a workload per engine version and metric names generation.",
            "namespace", "workload", "engine", "version", "names");
        _served = new ServedSignalMetrics(factory);
        _coldStarts = new ColdStartMetrics(factory);
        _forecastErrors = new ForecastErrorMetrics(factory);
        var age = factory.CreateGauge("headroom_snapshot_age_seconds", "Seconds since the served snapshot was built.");
        registry.AddBeforeCollectCallback(() =>
        {
            if (store.HasCompletedCycle) age.Set((time.GetUtcNow() - store.Current.BuiltAt).TotalSeconds);
        });
    }

    private void RecordOlderNames(string ns, string workload, IReadOnlyList<string> names)
    {
        if (_olderInUse.TryGetValue((ns, workload), out var before))
        {
            foreach (var gone in before.Except(names)) _olderNames.RemoveLabelled(ns, workload, gone);
        }
        foreach (var older in names) _olderNames.WithLabels(ns, workload, older).Set(1);
        _olderInUse[(ns, workload)] = names;
    }

    private void RecordEngineVersions(string ns, string workload, string engine, IReadOnlyList<EngineVersionPods> versions)
    {
        if (_versions.TryGetValue((ns, workload), out var before) && ReferenceEquals(before, versions)) return;
        foreach (var gone in (before ?? []).Where(b => !versions.Any(v => (v.Version, v.Names) == (b.Version, b.Names))))
        {
            _engineInfo.RemoveLabelled(ns, workload, engine, gone.Version, gone.Names);
            _enginePods.RemoveLabelled(ns, workload, engine, gone.Version, gone.Names);
        }
        foreach (var v in versions)
        {
            _engineInfo.WithLabels(ns, workload, engine, v.Version, v.Names).Set(1);
            _enginePods.WithLabels(ns, workload, engine, v.Version, v.Names).Set(v.Pods);
        }
        _versions[(ns, workload)] = versions;
    }

    /// <summary>Records one finished cycle.</summary>
    public void RecordCycle(CycleResult result, TimeSpan duration)
    {
        _cycleSeconds.Observe(duration.TotalSeconds);
        foreach (var workload in result.Snapshot.Workloads)
        {
            var (ns, name) = (workload.Spec.Namespace, workload.Spec.Id);
            // The counter exists at zero from the first cycle, so that a rate over it reads 0, not nothing.
            var errors = _sourceErrors.WithLabels(ns, name);
            if (workload.LastError is not null) errors.Inc();
            if (workload.ObservedAt is { } observed && (!_recorded.TryGetValue((ns, name), out var before) || observed > before))
            {
                _recorded[(ns, name)] = observed;
                _served.Record(workload);
                _coldStarts.Record(workload);
                _forecastErrors.Record(workload);
                RecordOlderNames(ns, name, workload.OlderNames);
                RecordEngineVersions(ns, name, workload.Spec.Engine.ToString().ToLowerInvariant(), workload.EngineVersions);
            }
            if (workload.Decision is not { } d) continue;
            _desiredInputs.WithLabels(ns, name, "ready_replicas").Set(d.ReadyReplicas);
            _desiredInputs.WithLabels(ns, name, "starting_replicas").Set(d.StartingReplicas);
            _desiredInputs.WithLabels(ns, name, "prefill_capacity_per_replica").Set(d.PrefillCapacityPerReplica);
            _desiredInputs.WithLabels(ns, name, "decode_capacity_per_replica").Set(d.DecodeCapacityPerReplica);
            _desiredInputs.WithLabels(ns, name, "prompt_demand").Set(d.PromptDemand);
            _desiredInputs.WithLabels(ns, name, "demand").Set(d.Demand);
            _desiredInputs.WithLabels(ns, name, "prompt_dispersion").Set(d.PromptDispersion);
            _desiredInputs.WithLabels(ns, name, "onset_prompt_demand").Set(d.OnsetPromptDemand);
            _desiredInputs.WithLabels(ns, name, "onset_prompt_dispersion").Set(d.OnsetPromptDispersion);
            _desiredInputs.WithLabels(ns, name, "dispatch_load_factor").Set(d.DispatchLoadFactor);
            _desiredInputs.WithLabels(ns, name, "prompt_arrival_noise").Set(d.PromptArrivalNoise);
            // Absent rather than 0 until a pod reports its prefix cache: none reported is not none hit.
            if (d.PrefixCacheHitRatio is { } hit) _desiredInputs.WithLabels(ns, name, "prefix_cache_hit_ratio").Set(hit);
            else _desiredInputs.RemoveLabelled(ns, name, "prefix_cache_hit_ratio");
            _desiredInputs.WithLabels(ns, name, "kv_tokens_in_use").Set(d.KvTokensInUse);
            _desiredInputs.WithLabels(ns, name, "forecast_demand").Set(d.ForecastDemand);
            _desiredInputs.WithLabels(ns, name, "lead_time_seconds").Set(d.LeadTimeSeconds);
            _desiredInputs.WithLabels(ns, name, "queue_tokens").Set(d.QueueTokens);
            _desiredInputs.WithLabels(ns, name, "for_prefill").Set(d.ForPrefill);
            _desiredInputs.WithLabels(ns, name, "for_compute").Set(d.ForCompute);
            _desiredInputs.WithLabels(ns, name, "for_decode").Set(d.ForDecode);
            _desiredInputs.WithLabels(ns, name, "for_kv_cache").Set(d.ForKvCache);
            _desiredInputs.WithLabels(ns, name, "for_queue").Set(d.ForQueue);
            _desiredInputs.WithLabels(ns, name, "needed").Set(d.Needed);
            _desiredInputs.WithLabels(ns, name, "held").Set(d.Held);
            _desiredInputs.WithLabels(ns, name, "desired").Set(d.Desired);
            RecordModel(ns, name, d.ForecastModel);
        }
    }

    private void RecordModel(string ns, string workload, string model)
    {
        if (_models.TryGetValue((ns, workload), out var before) && before == model) return;
        // One series per workload: the method that took over replaces the one before it.
        if (before is not null) _forecastModel.RemoveLabelled(ns, workload, before);
        _models[(ns, workload)] = model;
        _forecastModel.WithLabels(ns, workload, model).Set(1);
    }
}
