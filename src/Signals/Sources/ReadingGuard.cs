using System.Globalization;
using System.Runtime.CompilerServices;

namespace Headroom.Signals.Sources;

/// <summary>
/// Refuses readings no engine can honestly report: not finite, negative, or a ratio above one. A pod that sends one
/// keeps its place with no readings, so sums over the workload are missing rather than wrong, and nothing downstream
/// ever sees a value it would turn into a negative rate or an unwritable quantity.
/// </summary>
public static class ReadingGuard
{
    // A ratio a hair over one is rounding in the engine; more is a unit mistake (a percentage) or garbage.
    private const double RatioTolerance = 1e-6;

    /// <summary>What is wrong with the reading, or null when every value in it is usable.</summary>
    public static string? Problem(EngineReading r) => Usable(r) ? null : Describe(r);

    // Every value of every pod is checked each cycle and nearly all are fine: that answer is a run of comparisons,
    // with no call per value. A missing value reads as 0 here, which is fine, as it is to Describe.
    private static bool Usable(EngineReading r) =>
        IsCount(r.GenerationTokensTotal) && IsCount(r.PromptTokensTotal) && IsCount(r.RequestsWaiting) && IsCount(r.RequestsRunning)
        && IsRatio(r.KvCacheUsage) && IsRatio(r.GpuDutyCycle) && IsCount(r.GenerationTokensPerSecond) && IsCount(r.PromptTokensPerSecond)
        && IsCount(r.RequestsFinishedTotal) && IsCount(r.RequestsFinishedPerSecond) && IsCount(r.PrefixCacheQueriesTotal)
        && IsCount(r.PrefixCacheHitsTotal) && r.PrefixCacheHitsTotal.GetValueOrDefault() <= r.PrefixCacheQueriesTotal.GetValueOrDefault(double.PositiveInfinity)
        && IsRatio(r.PrefixCacheHitRatio);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsCount(double? value) => value.GetValueOrDefault() is >= 0 and < double.PositiveInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsRatio(double? value) => value.GetValueOrDefault() is >= 0 and <= 1 + RatioTolerance;

    private static string? Describe(EngineReading r) =>
        Count(r.GenerationTokensTotal, "generated tokens counter")
        ?? Count(r.PromptTokensTotal, "prompt tokens counter")
        ?? Count(r.RequestsWaiting, "waiting requests")
        ?? Count(r.RequestsRunning, "running requests")
        ?? Ratio(r.KvCacheUsage, "KV-cache use")
        ?? Ratio(r.GpuDutyCycle, "GPU duty cycle")
        ?? Count(r.GenerationTokensPerSecond, "generated tokens per second")
        ?? Count(r.PromptTokensPerSecond, "prompt tokens per second")
        ?? Count(r.RequestsFinishedTotal, "finished requests counter")
        ?? Count(r.RequestsFinishedPerSecond, "finished requests per second")
        ?? Count(r.PrefixCacheQueriesTotal, "prefix cache queries counter")
        ?? Count(r.PrefixCacheHitsTotal, "prefix cache hits counter")
        ?? MoreHitsThanQueries(r.PrefixCacheHitsTotal, r.PrefixCacheQueriesTotal)
        ?? Ratio(r.PrefixCacheHitRatio, "prefix cache hit ratio");

    /// <summary>
    /// The observation with every unusable pod reading replaced by <see cref="EngineReading.None"/>, and why each was;
    /// the same instance, and no allocation, when all are usable.
    /// </summary>
    public static WorkloadObservation Sanitize(WorkloadObservation observation, out List<(string Pod, string Problem)>? refused)
    {
        refused = null;
        var pods = observation.PodSpan();
        PodReading[]? kept = null;
        for (var i = 0; i < pods.Length; i++)
        {
            if (Problem(pods[i].Engine) is not { } problem) continue;
            kept ??= pods.ToArray();
            kept[i] = pods[i] with { Engine = EngineReading.None };
            (refused ??= []).Add((pods[i].Name, problem));
        }
        if (Count(observation.GatewayQueue, "gateway queue") is { } gateway)
        {
            (refused ??= []).Add(("(gateway)", gateway));
            return observation with { Pods = kept ?? observation.Pods, GatewayQueue = null };
        }
        return kept is null ? observation : observation with { Pods = kept };
    }

    private static string? Count(double? value, string name) =>
        value is not { } v || (v >= 0 && v < double.PositiveInfinity) ? null : CountProblem(value, name);

    private static string? CountProblem(double? value, string name) => value switch
    {
        null => null,
        { } v when double.IsNaN(v) => $"{name} is not a number",
        { } v when double.IsInfinity(v) => $"{name} is infinite",
        < 0 => $"{name} is negative ({value.Value.ToString(CultureInfo.InvariantCulture)})",
        _ => null,
    };

    // Every hit is a query answered, so a hits counter above the queries counter is not a cache the pod has.
    private static string? MoreHitsThanQueries(double? hits, double? queries) =>
        hits is { } h && queries is { } q && h > q
            ? $"prefix cache hits counter ({h.ToString(CultureInfo.InvariantCulture)}) is above its queries counter ({q.ToString(CultureInfo.InvariantCulture)})"
            : null;

    private static string? Ratio(double? value, string name) =>
        value is not { } v || (v >= 0 && v <= 1 + RatioTolerance)
            ? null
            : Count(value, name) ?? $"{name} is {v.ToString(CultureInfo.InvariantCulture)}, above 1";
}
