using System.Runtime.InteropServices;

namespace Headroom.Signals.Sources;

/// <summary>What a source saw of one workload at one instant.</summary>
/// <param name="Timestamp">When the readings were taken.</param>
/// <param name="Pods">Every pod of the workload that the source knows, ready or not.</param>
/// <param name="Lifecycles">Start-up timelines of pods, for the cold-start model; may repeat pods seen before.</param>
/// <param name="GatewayQueue">Requests queued in front of the pods (for example by an inference gateway); null when there is no such queue.</param>
public sealed record WorkloadObservation(
    DateTimeOffset Timestamp,
    IReadOnlyList<PodReading> Pods,
    IReadOnlyList<PodLifecycle> Lifecycles,
    double? GatewayQueue)
{
    /// <summary>
    /// <see cref="Pods"/> as a span: the pipeline reads every pod several times a cycle, and through the list's
    /// interface each read would be a call. Sources hand a list or an array; any other list is copied.
    /// </summary>
    internal ReadOnlySpan<PodReading> PodSpan() => Pods switch
    {
        PodReading[] array => array,
        List<PodReading> list => CollectionsMarshal.AsSpan(list),
        _ => Pods.ToArray(),
    };
}

/// <summary>One pod's identity and its engine's readings.</summary>
/// <param name="Name">Pod name.</param>
/// <param name="Labels">Pod labels, matched by label selectors.</param>
/// <param name="Node">Node the pod runs on, when known.</param>
/// <param name="Ready">Whether the pod's Ready condition is true; only ready pods count toward signals.</param>
/// <param name="Engine">The engine's readings; null fields were not reported.</param>
/// <param name="SampledAt">When this pod's readings were taken, when it differs from the observation's time (a scrape); rates use it.</param>
public sealed record PodReading(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string? Node,
    bool Ready,
    EngineReading Engine,
    DateTimeOffset? SampledAt = null)
{
    private readonly IReadOnlyList<string> _olderNames = [];

    /// <summary>Metric names the readings came from that the engine has renamed since (its preset prefers a newer one).</summary>
    public IReadOnlyList<string> OlderNames
    {
        get => _olderNames;
        init
        {
            _olderNames = value;
            ReadsOlderNames = value.Count > 0;
        }
    }

    /// <summary>Whether any reading came from an older name: asked of every pod every cycle, so known without a call through the list.</summary>
    public bool ReadsOlderNames { get; private init; }

    /// <summary>The engine's version from the pod's image (<see cref="Engines.EngineImage"/>); null when no pod list was read.</summary>
    public string? EngineVersion { get; init; }
}

/// <summary>
/// Engine-neutral readings of one inference server, as its metrics endpoint reports them.
/// Counters are cumulative totals; the pipeline turns them into rates.
/// </summary>
/// <param name="GenerationTokensTotal">Counter of generated (output) tokens.</param>
/// <param name="PromptTokensTotal">Counter of prompt (input) tokens processed.</param>
/// <param name="RequestsWaiting">Gauge of requests queued in the engine.</param>
/// <param name="RequestsRunning">Gauge of requests in the running batch.</param>
/// <param name="KvCacheUsage">Gauge of KV-cache use, 0 to 1.</param>
/// <param name="GpuDutyCycle">GPU duty cycle of the pod's GPUs, 0 to 1 (DCGM).</param>
/// <param name="GenerationTokensPerSecond">Generated tokens per second, when the source computes the rate itself (Prometheus irate()).</param>
/// <param name="PromptTokensPerSecond">Prompt tokens per second, when the source computes the rate itself.</param>
/// <param name="RequestsFinishedTotal">Counter of requests finished.</param>
/// <param name="RequestsFinishedPerSecond">Requests finished per second, when the source computes the rate itself.</param>
/// <param name="PrefixCacheQueriesTotal">
/// Counter of what the prefix cache was asked for (tokens in current vLLM, blocks in early v1 releases); only its ratio
/// with <paramref name="PrefixCacheHitsTotal"/> is used.
/// </param>
/// <param name="PrefixCacheHitsTotal">Counter of what the prefix cache answered, in the unit of <paramref name="PrefixCacheQueriesTotal"/>.</param>
/// <param name="PrefixCacheHitRatio">Share of prompt tokens the prefix cache answered, 0 to 1, when the source computes it itself (Prometheus, over the rate window).</param>
public sealed record EngineReading(
    double? GenerationTokensTotal,
    double? PromptTokensTotal,
    double? RequestsWaiting,
    double? RequestsRunning,
    double? KvCacheUsage,
    double? GpuDutyCycle,
    double? GenerationTokensPerSecond = null,
    double? PromptTokensPerSecond = null,
    double? RequestsFinishedTotal = null,
    double? RequestsFinishedPerSecond = null,
    double? PrefixCacheQueriesTotal = null,
    double? PrefixCacheHitsTotal = null,
    double? PrefixCacheHitRatio = null)
{
    /// <summary>No readings at all: a pod that is there but could not be read, so sums over it are missing.</summary>
    public static EngineReading None { get; } = new(null, null, null, null, null, null);
}

/// <summary>The start-up timeline of one pod, from its Kubernetes status conditions.</summary>
/// <param name="Name">Pod name.</param>
/// <param name="Created">metadata.creationTimestamp.</param>
/// <param name="Scheduled">PodScheduled condition's lastTransitionTime.</param>
/// <param name="Initialized">Initialized condition's lastTransitionTime.</param>
/// <param name="ContainersReady">ContainersReady condition's lastTransitionTime.</param>
/// <param name="Ready">Ready condition's lastTransitionTime.</param>
public sealed record PodLifecycle(
    string Name,
    DateTimeOffset Created,
    DateTimeOffset? Scheduled,
    DateTimeOffset? Initialized,
    DateTimeOffset? ContainersReady,
    DateTimeOffset? Ready);
