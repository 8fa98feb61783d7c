namespace Headroom.Signals.Catalog;

/// <summary>The signals Headroom serves; the index into every value array of a snapshot.</summary>
public enum CatalogMetric
{
    /// <summary>Generated tokens per second.</summary>
    TokenThroughput,
    /// <summary>Prompt tokens per second.</summary>
    PromptThroughput,
    /// <summary>Requests waiting in engine queues, plus any gateway queue.</summary>
    QueueDepth,
    /// <summary>Requests in running batches.</summary>
    RunningRequests,
    /// <summary>GPU duty cycle, 0 to 1.</summary>
    GpuDutyCycle,
    /// <summary>KV-cache use, 0 to 1.</summary>
    KvCacheUtilization,
    /// <summary>Forecast token demand at now plus lead time, tokens per second.</summary>
    TokenDemandForecast,
    /// <summary>Replicas the workload needs.</summary>
    DesiredReplicas,
    /// <summary>Cold-start time of a new replica, seconds (a quantile).</summary>
    ColdStartSeconds,
}
