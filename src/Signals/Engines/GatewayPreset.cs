namespace Headroom.Signals.Engines;

/// <summary>
/// The flow-control queue of the inference gateway's endpoint picker, per inference pool: requests the picker holds
/// in front of the pods, which no engine page shows and which are all there is to see of demand when a pool has no
/// pods. The picker moved from the Gateway API Inference Extension (<c>inference_extension_</c>) to llm-d
/// (<c>llm_d_router_epp_</c>, then <c>llm_d_epp_</c>); llm-d emits the older names beside the current one for a
/// while, so the names are read newest first and only the first one present counts.
/// The picker's pool average queue (<c>inference_pool_average_queue_size</c> and its successors) is not read: it is
/// the mean of the pods' own engine queues, which Headroom reads from the pods, so adding it would count them twice.
/// </summary>
public static class GatewayPreset
{
    /// <summary>The label that names the pool.</summary>
    public const string PoolLabel = "inference_pool";

    /// <summary>Queue-size candidates, newest name first, summed over every fairness and priority band of the pool.</summary>
    public static ReadingSource QueueSize { get; } = ReadingSource.Of(
        new SeriesRef("llm_d_epp_flow_control_queue_size"),
        new SeriesRef("llm_d_router_epp_flow_control_queue_size"),
        new SeriesRef("inference_extension_flow_control_queue_size"));
}
