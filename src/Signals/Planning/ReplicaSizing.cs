namespace Headroom.Signals.Planning;

/// <summary>
/// How many replicas a demand needs so that the time-to-first-token objective holds: one pure function, shared by the
/// live planner and the simulator's clairvoyant oracle, so both size with the same capacity model.
/// </summary>
/// <remarks>
/// Prefill is the dimension that decides time to first token. Prompt work is treated as a single fluid queue served at
/// c × P tokens/s (least-loaded routing over c replicas), and sized with the heavy-traffic diffusion (Brownian)
/// approximation that underlies Kingman's formula: with work arriving at λ tokens/s whose index of dispersion is I
/// tokens, the backlog is about exponential with mean λI / (2(cP − λ)), so the chance that a prompt waits longer
/// than T is exp(−2(cP − λ)·cP·T / (λI)). Asking that chance to be at most ε = 1 − attainment gives
/// (cP − λ)·cP ≥ λ·I·ln(1/ε) / (2T), a quadratic in cP. T is the objective less one typical prompt's own prefill
/// (I/2 tokens, exact for exponential prompt sizes). Decode and KV use are sized at fixed utilisation targets, because
/// they bound throughput and admission, not the first token; queued prompts must drain within the drain target.
/// </remarks>
public static class ReplicaSizing
{
    /// <summary>Share of a replica's peak decode rate planned for: past it, per-token latency climbs steeply.</summary>
    public const double DecodeUtilization = 0.8;

    /// <summary>Share of KV cache planned for: engines preempt sequences as the cache fills.</summary>
    public const double KvCacheUtilization = 0.85;

    /// <summary>Highest prefill utilisation planned for, whatever the approximation allows for smooth traffic.</summary>
    public const double MaxPrefillUtilization = 0.95;

    /// <summary>Replicas each dimension needs for <paramref name="demand"/>.</summary>
    public static ReplicaNeeds Size(Demand demand, ReplicaCapacity capacity, ServiceObjective objective, TimeSpan queueDrain)
    {
        var prefill = Ceiling(PrefillTokensPerSecond(demand.PromptTokensPerSecond, demand.PromptDispersionTokens, capacity, objective)
            / capacity.PrefillTokensPerSecond);
        var decode = Ceiling(demand.GenerationTokensPerSecond / (capacity.DecodeTokensPerSecond * DecodeUtilization));
        var kv = Ceiling(demand.KvTokensInUse / (capacity.KvCacheTokens * KvCacheUtilization));
        var queue = demand.QueuedPromptTokens > 0
            ? Ceiling((demand.PromptTokensPerSecond + demand.QueuedPromptTokens / queueDrain.TotalSeconds) / capacity.PrefillTokensPerSecond)
            : 0;
        return new ReplicaNeeds(prefill, decode, kv, queue);
    }

    /// <summary>The prefill rate, in prompt tokens per second over the whole fleet, that keeps waits within the objective.</summary>
    public static double PrefillTokensPerSecond(double arriving, double dispersion, ReplicaCapacity capacity, ServiceObjective objective)
    {
        if (!(arriving > 0)) return 0;
        // The dispersion of exponentially spread prompt sizes is twice the mean prompt: half of it is a typical prompt.
        var ownPrefill = Math.Max(0, dispersion) / 2 / capacity.PrefillTokensPerSecond;
        // A prompt whose own prefill takes most of the objective cannot be helped by more replicas; half is still planned for.
        var wait = Math.Max(objective.Ttft.TotalSeconds - ownPrefill, objective.Ttft.TotalSeconds / 2);
        var tail = Math.Log(1 / Math.Max(1e-6, 1 - objective.Attainment));
        var k = arriving * Math.Max(0, dispersion) * tail / (2 * wait);
        var rate = (arriving + Math.Sqrt(arriving * arriving + 4 * k)) / 2;
        return Math.Max(rate, arriving / MaxPrefillUtilization);
    }

    private static int Ceiling(double replicas) =>
        replicas > 0 ? (int)Math.Min(int.MaxValue, Math.Ceiling(replicas - 1e-9)) : 0;
}
