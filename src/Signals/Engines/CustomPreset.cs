using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>An engine without a preset: the workload's config names each metric (<c>engine: custom</c>).</summary>
public sealed class CustomPreset(CustomMetrics metrics) : IEnginePreset
{
    /// <inheritdoc />
    public EngineKind Engine => EngineKind.Custom;
    /// <inheritdoc />
    public ReadingSource GenerationTokens { get; } = ReadingSource.Of(new SeriesRef(metrics.GenerationTokens));
    /// <inheritdoc />
    public ReadingSource PromptTokens { get; } = Optional(metrics.PromptTokens);
    /// <inheritdoc />
    public ReadingSource RequestsFinished { get; } = Optional(metrics.RequestsFinished);
    /// <inheritdoc />
    public ReadingSource RequestsWaiting { get; } = ReadingSource.Of(new SeriesRef(metrics.RequestsWaiting));
    /// <inheritdoc />
    public ReadingSource RequestsRunning { get; } = Optional(metrics.RequestsRunning);
    /// <inheritdoc />
    public ReadingSource KvCacheUsage { get; } = Optional(metrics.KvCache, metrics.KvCacheScale);
    /// <inheritdoc />
    public ReadingSource PrefixCacheQueries => ReadingSource.None;
    /// <inheritdoc />
    public ReadingSource PrefixCacheHits => ReadingSource.None;

    private static ReadingSource Optional(string? sample, double scale = 1) =>
        sample is null ? ReadingSource.None : ReadingSource.Of(new SeriesRef(sample, scale));
}
