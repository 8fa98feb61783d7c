using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>
/// NVIDIA Triton with the TensorRT-LLM backend, read from the backend's families selected by their type label.
/// The backend's model is decoupled: it takes requests off Triton's scheduler as they come and queues them in its own
/// batch manager, so the engine's queue is the backend's <c>waiting</c> count, and Triton's
/// <c>nv_inference_pending_request_count</c> (requests in Triton's scheduler) does not show it. The pending count is
/// the fallback, for backends from before the <c>waiting</c> count (2025) and for other backends.
/// </summary>
public sealed class TritonPreset : IEnginePreset
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Triton;
    /// <inheritdoc />
    public ReadingSource GenerationTokens { get; } = ReadingSource.Of(
        new SeriesRef("nv_llm_output_token_len_sum", new Dictionary<string, string> { ["response_metric_type"] = "total_output_tokens" }));
    /// <inheritdoc />
    public ReadingSource PromptTokens { get; } = ReadingSource.Of(
        new SeriesRef("nv_llm_input_token_len_sum", new Dictionary<string, string> { ["response_metric_type"] = "total_input_tokens" }));
    /// <inheritdoc />
    public ReadingSource RequestsFinished { get; } = ReadingSource.Of(
        new SeriesRef("nv_llm_input_token_len_count", new Dictionary<string, string> { ["response_metric_type"] = "total_input_tokens" }));
    /// <inheritdoc />
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(
        new SeriesRef("nv_trt_llm_request_metrics", new Dictionary<string, string> { ["request_type"] = "waiting" }),
        new SeriesRef("nv_inference_pending_request_count") { Superseded = true });
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = ReadingSource.Of(
        new SeriesRef("nv_trt_llm_request_metrics", new Dictionary<string, string> { ["request_type"] = "active" }));
    /// <inheritdoc />
    public ReadingSource KvCacheUsage { get; } = ReadingSource.Of(
        new SeriesRef("nv_trt_llm_kv_cache_block_metrics", new Dictionary<string, string> { ["kv_cache_block_type"] = "fraction" }));
    /// <inheritdoc />
    public ReadingSource PrefixCacheQueries => ReadingSource.None;
    /// <inheritdoc />
    public ReadingSource PrefixCacheHits => ReadingSource.None;
}
