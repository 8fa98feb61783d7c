using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>SGLang (python/sglang/srt/metrics/collector.py); <c>sglang:token_usage</c> is KV-cache token use, 0 to 1.</summary>
public sealed class SglangPreset : IEnginePreset
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Sglang;
    /// <inheritdoc />
    public ReadingSource GenerationTokens { get; } = ReadingSource.Of(new SeriesRef("sglang:generation_tokens_total"));
    /// <inheritdoc />
    public ReadingSource PromptTokens { get; } = ReadingSource.Of(new SeriesRef("sglang:prompt_tokens_total"));
    /// <inheritdoc />
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(new SeriesRef("sglang:num_queue_reqs"));
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = ReadingSource.Of(new SeriesRef("sglang:num_running_reqs"));
    /// <inheritdoc />
    public ReadingSource KvCacheUsage { get; } = ReadingSource.Of(new SeriesRef("sglang:token_usage"));
}
