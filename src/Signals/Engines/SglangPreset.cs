using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>
/// SGLang (python/sglang/srt/metrics/collector.py); <c>sglang:token_usage</c> is KV-cache token use, 0 to 1, and
/// <c>sglang:cached_tokens_total</c> the prompt tokens its prefix cache answered. Early
/// releases (the ones that labelled series with <c>name</c> rather than <c>model_name</c>) named the request gauges
/// <c>sglang:num_requests_running</c> and <c>sglang:num_requests_waiting</c>; those are the fallbacks.
/// </summary>
public sealed class SglangPreset : IEnginePreset
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Sglang;
    /// <inheritdoc />
    public ReadingSource GenerationTokens { get; } = ReadingSource.Of(new SeriesRef("sglang:generation_tokens_total"));
    /// <inheritdoc />
    public ReadingSource PromptTokens { get; } = ReadingSource.Of(new SeriesRef("sglang:prompt_tokens_total"));
    /// <inheritdoc />
    public ReadingSource RequestsFinished { get; } = ReadingSource.Of(new SeriesRef("sglang:num_requests_total"));
    /// <inheritdoc />
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(new SeriesRef("sglang:num_queue_reqs"), new SeriesRef("sglang:num_requests_waiting") { Superseded = true });
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = ReadingSource.Of(new SeriesRef("sglang:num_running_reqs"), new SeriesRef("sglang:num_requests_running") { Superseded = true });
    /// <inheritdoc />
    public ReadingSource KvCacheUsage { get; } = ReadingSource.Of(new SeriesRef("sglang:token_usage"));
    // Each finished request adds its whole prompt to sglang:prompt_tokens_total and the part its prefix cache answered
    // (on the GPU, in host memory or in storage, by cache_source in the newest releases) to sglang:cached_tokens_total,
    // so the two count in one unit. The counter has no series until the first hit: until then there is no ratio, and
    // nothing is left out of prefill. sglang:cache_hit_rate is a gauge whose unit (a share or a percentage) differs
    // between releases, so it is not read.
    /// <inheritdoc />
    public ReadingSource PrefixCacheQueries { get; } = ReadingSource.Of(new SeriesRef("sglang:prompt_tokens_total"));
    /// <inheritdoc />
    public ReadingSource PrefixCacheHits { get; } = ReadingSource.Of(new SeriesRef("sglang:cached_tokens_total"));
}
