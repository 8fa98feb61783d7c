using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>
/// Hugging Face TGI (router metrics). Token totals come from the sums of its per-request token
/// histograms; TGI does not expose KV-cache use.
/// </summary>
public sealed class TgiPreset : IEnginePreset
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Tgi;
    /// <inheritdoc />
    public ReadingSource GenerationTokens { get; } = ReadingSource.Of(new SeriesRef("tgi_request_generated_tokens_sum"));
    /// <inheritdoc />
    public ReadingSource PromptTokens { get; } = ReadingSource.Of(new SeriesRef("tgi_request_input_length_sum"));
    /// <inheritdoc />
    public ReadingSource RequestsFinished { get; } = ReadingSource.Of(new SeriesRef("tgi_request_input_length_count"));
    /// <inheritdoc />
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(new SeriesRef("tgi_queue_size"));
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = ReadingSource.Of(new SeriesRef("tgi_batch_current_size"));
    /// <inheritdoc />
    public ReadingSource KvCacheUsage => ReadingSource.None;
    /// <inheritdoc />
    public ReadingSource PrefixCacheQueries => ReadingSource.None;
    /// <inheritdoc />
    public ReadingSource PrefixCacheHits => ReadingSource.None;
}
