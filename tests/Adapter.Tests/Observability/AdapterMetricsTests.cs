using Headroom.Adapter.Observability;
using Headroom.Serving;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Prometheus;

namespace Headroom.Adapter.Tests.Observability;

/// <summary>The per-workload series on the adapter's /metrics, read back from the exposition text as Prometheus would.</summary>
public sealed class AdapterMetricsTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly AdapterMetrics _metrics;

    public AdapterMetricsTests() => _metrics = new AdapterMetrics(_registry, new SnapshotStore(), TimeProvider.System);

    [Fact]
    public async Task The_forecast_is_scored_against_the_demand_one_lead_time_later()
    {
        Record(T0, demand: 50, forecast: 100, lead: 10);
        Record(T0.AddSeconds(5), demand: 60, forecast: 200, lead: 10);
        Assert.DoesNotContain("headroom_forecast_error{", await TextAsync());

        Record(T0.AddSeconds(10), demand: 80, forecast: 90, lead: 10);
        Assert.Equal(100 - 80, await ValueAsync("headroom_forecast_error{namespace=\"llm\",workload=\"chat\"}"));
        Record(T0.AddSeconds(15), demand: 150, forecast: 90, lead: 10);
        Assert.Equal(200 - 150, await ValueAsync("headroom_forecast_error{namespace=\"llm\",workload=\"chat\"}"));
    }

    [Fact]
    public async Task Served_values_pods_and_cold_starts_follow_each_new_observation_once()
    {
        Record(T0, demand: 50, forecast: 100, lead: 10, pods: [("chat-a", true), ("chat-b", false)], coldStarts: [12, 95]);
        Assert.Equal(4, await ValueAsync("headroom_desired_replicas{namespace=\"llm\",workload=\"chat\"}"));
        Assert.Equal(1, await ValueAsync("headroom_pod_readings_up{namespace=\"llm\",workload=\"chat\",pod=\"chat-a\"}"));
        Assert.Equal(0, await ValueAsync("headroom_pod_readings_up{namespace=\"llm\",workload=\"chat\",pod=\"chat-b\"}"));
        Assert.Equal(1, await ValueAsync("headroom_cold_start_observed_seconds_bucket{namespace=\"llm\",workload=\"chat\",le=\"20\"}"));
        Assert.Equal(2, await ValueAsync("headroom_cold_start_observed_seconds_count{namespace=\"llm\",workload=\"chat\"}"));
        Assert.Equal(0, await ValueAsync("headroom_source_errors_total{namespace=\"llm\",workload=\"chat\"}"));

        // The same observation published again (a failed cycle keeps last-known-good values) is not counted again.
        Record(T0, demand: 50, forecast: 100, lead: 10, pods: [("chat-a", true), ("chat-b", false)], coldStarts: [12, 95]);
        Assert.Equal(2, await ValueAsync("headroom_cold_start_observed_seconds_count{namespace=\"llm\",workload=\"chat\"}"));

        // A pod that is gone loses its series; a value with none loses its series rather than keeping the last one.
        Record(T0.AddSeconds(2), demand: 50, forecast: 100, lead: 10, pods: [("chat-a", true)], coldStarts: [], desired: null);
        var text = await TextAsync();
        Assert.DoesNotContain("pod=\"chat-b\"", text);
        Assert.DoesNotContain("headroom_desired_replicas{", text);
    }

    [Fact]
    public async Task The_prefix_cache_hit_ratio_is_a_decision_input_only_while_pods_report_it()
    {
        const string Series = "headroom_desired_replicas_input{namespace=\"llm\",workload=\"chat\",input=\"prefix_cache_hit_ratio\"}";
        Record(T0, demand: 50, forecast: 100, lead: 10, prefixCacheHitRatio: 0.64);
        Assert.Equal(0.64, await ValueAsync(Series));

        // Not reported is not "nothing hit": the series goes rather than reading 0.
        Record(T0.AddSeconds(2), demand: 50, forecast: 100, lead: 10, prefixCacheHitRatio: null);
        Assert.DoesNotContain("prefix_cache_hit_ratio", await TextAsync());
    }

    [Fact]
    public async Task The_dispatch_factor_the_prefill_sizing_used_is_a_decision_input()
    {
        Record(T0, demand: 50, forecast: 100, lead: 10, dispatchLoadFactor: 2.75);
        Assert.Equal(2.75, await ValueAsync("headroom_desired_replicas_input{namespace=\"llm\",workload=\"chat\",input=\"dispatch_load_factor\"}"));
    }

    [Fact]
    public async Task The_arrival_noise_prompt_demand_was_judged_by_is_a_decision_input()
    {
        Record(T0, demand: 50, forecast: 100, lead: 10, promptArrivalNoise: 6_700);
        Assert.Equal(6_700, await ValueAsync("headroom_desired_replicas_input{namespace=\"llm\",workload=\"chat\",input=\"prompt_arrival_noise\"}"));
    }

    private void Record(DateTimeOffset at, double demand, double forecast, double lead,
        (string Name, bool Read)[]? pods = null, double[]? coldStarts = null, double? desired = 4, double? prefixCacheHitRatio = null,
        double dispatchLoadFactor = 2, double promptArrivalNoise = 0)
    {
        var values = new MetricValues();
        values.Set(CatalogMetric.DesiredReplicas, desired);
        var podSignals = (pods ?? []).Select(p =>
        {
            var own = new MetricValues();
            if (p.Read) own.Set(CatalogMetric.QueueDepth, 1);
            return new PodSignals(p.Name, new Dictionary<string, string>(), null, own);
        }).ToArray();
        var decision = new ReplicaDecision(podSignals.Length, 0, 20000, 2000, false, false, demand * 5, demand, 1000, 0, 0, forecast, "last-value",
            lead, 1, 1, 1, 1, 0, 4, 4, 4, "decode")
        { PrefixCacheHitRatio = prefixCacheHitRatio, DispatchLoadFactor = dispatchLoadFactor, PromptArrivalNoise = promptArrivalNoise };
        var workload = new WorkloadSignals(Chat, at, null, values, podSignals, decision) { ColdStartsLearned = coldStarts ?? [] };
        _metrics.RecordCycle(new CycleResult(new SignalSnapshot(at, [workload]), 0), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task An_older_metric_name_in_use_is_a_series_until_the_fleet_stops_reading_it()
    {
        var values = new MetricValues();
        void Record(DateTimeOffset at, IReadOnlyList<string> older) => _metrics.RecordCycle(new CycleResult(new SignalSnapshot(at,
            [new WorkloadSignals(Chat, at, null, values, [], null) { OlderNames = older }]), 0), TimeSpan.FromMilliseconds(1));
        const string Series = "headroom_older_metric_name_in_use{namespace=\"llm\",workload=\"chat\",name=\"vllm:gpu_cache_usage_perc\"}";

        Record(T0, ["vllm:gpu_cache_usage_perc"]);
        Assert.Equal(1, await ValueAsync(Series));

        Record(T0.AddSeconds(2), []);
        Assert.DoesNotContain("vllm:gpu_cache_usage_perc", await TextAsync());
    }

    [Fact]
    public async Task Engine_versions_are_an_info_series_and_a_pod_count_until_the_fleet_leaves_them()
    {
        var values = new MetricValues();
        void Record(DateTimeOffset at, IReadOnlyList<EngineVersionPods> versions) => _metrics.RecordCycle(new CycleResult(new SignalSnapshot(at,
            [new WorkloadSignals(Chat, at, null, values, [], null) { EngineVersions = versions }]), 0), TimeSpan.FromMilliseconds(1));
        const string Labels = "{namespace=\"llm\",workload=\"chat\",engine=\"vllm\",version=\"v0.8.5\",names=\"older\"}";

        Record(T0, [new("v0.8.5", "older", 1), new("v0.10.1", "current", 3)]);
        Assert.Equal(1, await ValueAsync("headroom_engine_info" + Labels));
        Assert.Equal(1, await ValueAsync("headroom_engine_version_pods" + Labels));
        Assert.Equal(3, await ValueAsync("headroom_engine_version_pods{namespace=\"llm\",workload=\"chat\",engine=\"vllm\",version=\"v0.10.1\",names=\"current\"}"));

        Record(T0.AddSeconds(2), [new("v0.10.1", "current", 4)]);
        Assert.DoesNotContain("v0.8.5", await TextAsync());
        Assert.Equal(4, await ValueAsync("headroom_engine_version_pods{namespace=\"llm\",workload=\"chat\",engine=\"vllm\",version=\"v0.10.1\",names=\"current\"}"));
    }

    private async Task<string> TextAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private async Task<double> ValueAsync(string series)
    {
        var line = Assert.Single((await TextAsync()).Split('\n'), l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
