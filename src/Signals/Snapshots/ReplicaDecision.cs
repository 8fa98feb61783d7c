namespace Headroom.Signals.Snapshots;

/// <summary>Every input behind <c>headroom_desired_replicas</c>, so that an operator can see why.</summary>
/// <param name="ReadyReplicas">Ready pods now.</param>
/// <param name="StartingReplicas">Pods that exist but are not ready yet: capacity on the way, never a reason to ask for more.</param>
/// <param name="PrefillCapacityPerReplica">Prompt tokens per second one replica prefills flat out.</param>
/// <param name="DecodeCapacityPerReplica">Generated tokens per second one replica decodes at its largest batch.</param>
/// <param name="PrefillCapacityLearned">Whether the prefill capacity was learned from the fleet rather than the configured prior.</param>
/// <param name="DecodeCapacityLearned">Whether the decode capacity was learned from the fleet rather than the configured prior.</param>
/// <param name="PromptDemand">Prompt tokens asked per second to be prefilled: served plus the growth of work in the engines, less what prefix caches answer (<see cref="PrefixCacheHitRatio"/>); within two <see cref="PromptArrivalNoise"/> of its last minute's level, that level.</param>
/// <param name="Demand">Generated tokens asked per second: served plus the growth of queued work.</param>
/// <param name="PromptDispersion">Index of dispersion of prompt work, in tokens: how bursty prompts are.</param>
/// <param name="KvTokensInUse">Tokens held in KV caches across the ready replicas.</param>
/// <param name="QueueTokens">Prompt tokens of the requests waiting.</param>
/// <param name="ForecastDemand">Forecast generated tokens per second at now plus lead time (the configured quantile of a fitted model, else demand now).</param>
/// <param name="ForecastModel">The method behind the forecast: a fitted model's name, or last-value while history is too short.</param>
/// <param name="LeadTimeSeconds">Cold-start quantile plus HPA sync period plus signal lag: the forecast horizon and the stabilization window.</param>
/// <param name="ForPrefill">Replicas whose prefill meets the time-to-first-token objective, for the larger of demand and forecast.</param>
/// <param name="ForCompute">Replicas whose GPU time covers prefill and decode together at the GPU utilisation target.</param>
/// <param name="ForDecode">Replicas that decode the demand at the decode utilisation target.</param>
/// <param name="ForKvCache">Replicas whose KV caches hold the tokens in use at the KV utilisation target.</param>
/// <param name="ForQueue">Replicas that serve demand and drain the queue within the drain target.</param>
/// <param name="Needed">The most any dimension needs now or at the forecast horizon.</param>
/// <param name="Held">The most a scale-down may keep: needs with the scale-down margin within the stabilization window, or the replicas found at the start while they are released.</param>
/// <param name="Desired">The result: the larger of needed and held.</param>
/// <param name="BoundBy">Why: prefill, compute, decode, kv-cache, queue, held (scale-down waits out the window) or idle.</param>
public sealed record ReplicaDecision(
    int ReadyReplicas,
    int StartingReplicas,
    double PrefillCapacityPerReplica,
    double DecodeCapacityPerReplica,
    bool PrefillCapacityLearned,
    bool DecodeCapacityLearned,
    double PromptDemand,
    double Demand,
    double PromptDispersion,
    double KvTokensInUse,
    double QueueTokens,
    double ForecastDemand,
    string ForecastModel,
    double LeadTimeSeconds,
    int ForPrefill,
    int ForCompute,
    int ForDecode,
    int ForKvCache,
    int ForQueue,
    int Needed,
    int Held,
    int Desired,
    string BoundBy)
{
    /// <summary>The fitted model's band around <see cref="ForecastDemand"/>; null while the forecast is the last value.</summary>
    public ForecastBand? ForecastBand { get; init; }

    /// <summary>Prompt tokens per second a burst brings at its onset: their mean over the last lead time (or demand ahead, if more).</summary>
    public double OnsetPromptDemand { get; init; }

    /// <summary>Index of dispersion of prompt work over the last lead time, around its mean, in tokens.</summary>
    public double OnsetPromptDispersion { get; init; }

    /// <summary>
    /// Standard error, in prompt tokens per second, that independent arrivals alone give the smoothed prompt demand
    /// around its level of the last minute; 0 while there is no level or measured prompt size to judge it by.
    /// </summary>
    public double PromptArrivalNoise { get; init; }

    /// <summary>
    /// Share of the prompt tokens served over the last minutes that the engines' prefix caches answered, and that
    /// prefill demand and capacity therefore leave out; null until a ready pod reports its prefix cache.
    /// </summary>
    public double? PrefixCacheHitRatio { get; init; }

    /// <summary>
    /// How much more often a prompt waits, dispatched on arrival, than one queue would make it: the factor the prefill
    /// sizing used (<see cref="Planning.ReplicaSizing.DispatchLoadFactor"/> until learned).
    /// </summary>
    public double DispatchLoadFactor { get; init; } = Planning.ReplicaSizing.DispatchLoadFactor;

    /// <summary>Whether <see cref="DispatchLoadFactor"/> was fitted to the waiting the engines report rather than left at the prior.</summary>
    public bool DispatchLoadFactorLearned { get; init; }

    /// <summary>Which demand <see cref="Needed"/> is for: <c>now</c>, <c>forecast</c> (one lead time ahead) or <c>onset</c> (of a burst like the last lead time's).</summary>
    public string NeededFor { get; init; } = "now";
}
