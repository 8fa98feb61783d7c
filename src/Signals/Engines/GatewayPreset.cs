namespace Headroom.Signals.Engines;

/// <summary>
/// The flow-control queue of the Gateway API Inference Extension's endpoint picker, per inference pool.
/// llm-d renamed the family with its own prefix and keeps the old name as deprecated; both are read.
/// </summary>
public static class GatewayPreset
{
    /// <summary>The label that names the pool.</summary>
    public const string PoolLabel = "inference_pool";

    /// <summary>Queue-size candidates, summed over every fairness and priority band of the pool.</summary>
    public static ReadingSource QueueSize { get; } = ReadingSource.Of(
        new SeriesRef("inference_extension_flow_control_queue_size"),
        new SeriesRef("llm_d_epp_flow_control_queue_size"));
}
