using Headroom.Signals.Workloads;

namespace Headroom.Signals.Engines;

/// <summary>Where an inference engine exposes each reading Headroom needs; one implementation per engine.</summary>
public interface IEnginePreset
{
    /// <summary>The engine.</summary>
    EngineKind Engine { get; }

    /// <summary>Counter of generated tokens.</summary>
    ReadingSource GenerationTokens { get; }

    /// <summary>Counter of prompt tokens.</summary>
    ReadingSource PromptTokens { get; }

    /// <summary>
    /// Counter of requests finished (or admitted, where the engine counts prompts as they arrive): with the prompt
    /// tokens counter of the same pods, the mean prompt of a request.
    /// </summary>
    ReadingSource RequestsFinished { get; }

    /// <summary>Gauge of queued requests.</summary>
    ReadingSource RequestsWaiting { get; }

    /// <summary>Gauge of running requests.</summary>
    ReadingSource RequestsRunning { get; }

    /// <summary>Gauge of KV-cache use, 0 to 1.</summary>
    ReadingSource KvCacheUsage { get; }

    /// <summary>
    /// Counter of what the prefix cache was asked for. Its candidates pair with <see cref="PrefixCacheHits"/>'s by
    /// position (one generation of names, one unit), and only the ratio of the two is read.
    /// </summary>
    ReadingSource PrefixCacheQueries { get; }

    /// <summary>Counter of what the prefix cache answered, in the unit of <see cref="PrefixCacheQueries"/>.</summary>
    ReadingSource PrefixCacheHits { get; }
}
