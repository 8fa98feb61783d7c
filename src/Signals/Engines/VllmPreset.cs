using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>
/// vLLM (v1 engine, vllm/v1/metrics/loggers.py). KV-cache use was <c>vllm:gpu_cache_usage_perc</c> before
/// the v1 engine renamed it; older servers still expose only that, so it is the fallback. The prefix cache's counters
/// were <c>vllm:gpu_prefix_cache_queries</c> and <c>vllm:gpu_prefix_cache_hits</c> before 0.9 renamed them (counting
/// blocks in the first v1 releases, tokens later); releases after the rename write both for a while. Later releases
/// also count, with <c>vllm:prompt_tokens_total</c> and at the same moment, the prompt tokens found cached either
/// locally or outside the engine (a KV connector such as LMCache, or CPU offloading):
/// <c>vllm:prompt_tokens_cached_total</c>. That pair is read first, since the GPU prefix cache's own counters miss what
/// was loaded from outside, which is not prefilled either.
/// </summary>
public sealed class VllmPreset : IEnginePreset
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Vllm;
    /// <inheritdoc />
    public ReadingSource GenerationTokens { get; } = ReadingSource.Of(new SeriesRef("vllm:generation_tokens_total"));
    /// <inheritdoc />
    public ReadingSource PromptTokens { get; } = ReadingSource.Of(new SeriesRef("vllm:prompt_tokens_total"));
    /// <inheritdoc />
    public ReadingSource RequestsFinished { get; } = ReadingSource.Of(new SeriesRef("vllm:request_success_total"));
    /// <inheritdoc />
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(new SeriesRef("vllm:num_requests_waiting"));
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = ReadingSource.Of(new SeriesRef("vllm:num_requests_running"));
    /// <inheritdoc />
    public ReadingSource KvCacheUsage { get; } = ReadingSource.Of(new SeriesRef("vllm:kv_cache_usage_perc"), new SeriesRef("vllm:gpu_cache_usage_perc") { Superseded = true });
    /// <inheritdoc />
    public ReadingSource PrefixCacheQueries { get; } = ReadingSource.Of(new SeriesRef("vllm:prompt_tokens_total"),
        new SeriesRef("vllm:prefix_cache_queries_total"), new SeriesRef("vllm:gpu_prefix_cache_queries_total") { Superseded = true });
    /// <inheritdoc />
    public ReadingSource PrefixCacheHits { get; } = ReadingSource.Of(new SeriesRef("vllm:prompt_tokens_cached_total"),
        new SeriesRef("vllm:prefix_cache_hits_total"), new SeriesRef("vllm:gpu_prefix_cache_hits_total") { Superseded = true });
}
