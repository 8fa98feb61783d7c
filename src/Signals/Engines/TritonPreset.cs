using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>
/// NVIDIA Triton with the TensorRT-LLM backend, read from the backend's families selected by their type label.
/// The backend takes every request off Triton's own queue at once and queues it in its batch manager, so the engine's
/// queue is the backend's <c>waiting</c> count; Triton's <c>nv_inference_pending_request_count</c> stays near 0 under
/// load and is only the fallback, for backends from before the <c>waiting</c> count (2025) and for other backends.
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
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(
        new SeriesRef("nv_trt_llm_request_metrics", new Dictionary<string, string> { ["request_type"] = "waiting" }),
        new SeriesRef("nv_inference_pending_request_count"));
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = ReadingSource.Of(
        new SeriesRef("nv_trt_llm_request_metrics", new Dictionary<string, string> { ["request_type"] = "active" }));
    /// <inheritdoc />
    public ReadingSource KvCacheUsage { get; } = ReadingSource.Of(
        new SeriesRef("nv_trt_llm_kv_cache_block_metrics", new Dictionary<string, string> { ["kv_cache_block_type"] = "fraction" }));
}
