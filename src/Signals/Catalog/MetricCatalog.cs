using System.Collections.Frozen;

namespace Headroom.Signals.Catalog;

/// <summary>The fixed list of metrics Headroom serves, looked up by name.</summary>
public static class MetricCatalog
{
    /// <summary>Every catalog metric, in <see cref="CatalogMetric"/> order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        new(CatalogMetric.TokenThroughput, "headroom_token_throughput", "tokens/s", Aggregation.Sum, PodShare.Own, false,
            "Generated (output) tokens per second."),
        new(CatalogMetric.PromptThroughput, "headroom_prompt_throughput", "tokens/s", Aggregation.Sum, PodShare.Own, false,
            "Prompt (input) tokens per second."),
        new(CatalogMetric.QueueDepth, "headroom_queue_depth", "requests", Aggregation.Sum, PodShare.Own, false,
            "Requests waiting: engine queues plus the gateway queue."),
        new(CatalogMetric.RunningRequests, "headroom_running_requests", "requests", Aggregation.Sum, PodShare.Own, false,
            "Requests in running batches."),
        new(CatalogMetric.GpuDutyCycle, "headroom_gpu_duty_cycle", "ratio", Aggregation.Mean, PodShare.Own, true,
            "Mean GPU duty cycle, 0 to 1."),
        new(CatalogMetric.KvCacheUtilization, "headroom_kv_cache_utilization", "ratio", Aggregation.Mean, PodShare.Own, false,
            "Mean KV-cache use, 0 to 1."),
        new(CatalogMetric.TokenDemandForecast, "headroom_token_demand_forecast", "tokens/s", Aggregation.Sum, PodShare.EvenShare, false,
            "Forecast token demand when a replica started now would be ready."),
        new(CatalogMetric.DesiredReplicas, "headroom_desired_replicas", "replicas", Aggregation.Sum, PodShare.EvenShare, false,
            "Replicas needed for forecast demand and to drain the queue in time."),
        new(CatalogMetric.ColdStartSeconds, "headroom_cold_start_seconds", "seconds", Aggregation.Max, PodShare.Same, false,
            "Time for a new replica to become ready (p90)."),
    ];

    private static readonly FrozenDictionary<string, MetricDefinition> ByName =
        All.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Number of catalog metrics; the length of every value array.</summary>
    public static int Count => All.Count;

    /// <summary>Finds a metric by its served name.</summary>
    public static bool TryGet(string name, out MetricDefinition definition) =>
        ByName.TryGetValue(name, out definition!);

    /// <summary>The definition of a metric.</summary>
    public static MetricDefinition Get(CatalogMetric id) => All[(int)id];
}
