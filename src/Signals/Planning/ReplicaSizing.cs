namespace Headroom.Signals.Planning;

/// <summary>
/// How many replicas a demand needs so that the time-to-first-token objective holds: one pure function, shared by the
/// live planner and the simulator's clairvoyant oracle, so both size with the same capacity model.
/// </summary>
/// <remarks>
/// Prefill is the dimension that decides time to first token. Prompt work is treated as a single fluid queue served at
/// c × P tokens/s (least-loaded routing over c replicas), and sized with the heavy-traffic diffusion (Brownian)
/// approximation that underlies Kingman's formula: with work arriving at λ tokens/s whose index of dispersion is I
/// tokens, the backlog is about exponential with mean λI / (2(cP − λ)), so a prompt waits longer than t with chance
/// e^(−θt), θ = 2(cP − λ)·cP / (λI). <see cref="WaitDecay"/> finds the θ at which at most ε = 1 − attainment of the
/// attainable requests wait longer than the objective less their own prefill; then (cP − λ)·cP ≥ θλI / 2, a
/// quadratic in cP. Decode and KV use are sized at fixed utilisation targets, because
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

    /// <summary>
    /// Work below this share of one replica, in any dimension, is none: smoothed demand decays toward zero without
    /// reaching it, and a trickle of 1e-12 tokens/s must not hold a replica.
    /// </summary>
    public const double IdleShare = 1e-4;

    /// <summary>Replicas each dimension needs for <paramref name="demand"/>.</summary>
    public static ReplicaNeeds Size(Demand demand, ReplicaCapacity capacity, ServiceObjective objective, TimeSpan queueDrain)
    {
        var prefill = Ceiling(PrefillTokensPerSecond(demand.PromptTokensPerSecond, demand.PromptDispersionTokens, demand.PromptTokensPerRequest, capacity, objective)
            / capacity.PrefillTokensPerSecond);
        var decode = Ceiling(demand.GenerationTokensPerSecond / (capacity.DecodeTokensPerSecond * DecodeUtilization));
        var kv = Ceiling(demand.KvTokensInUse / (capacity.KvCacheTokens * KvCacheUtilization));
        var queue = demand.QueuedPromptTokens > 0
            ? Ceiling((demand.PromptTokensPerSecond + demand.QueuedPromptTokens / queueDrain.TotalSeconds) / capacity.PrefillTokensPerSecond)
            : 0;
        return new ReplicaNeeds(prefill, decode, kv, queue);
    }

    /// <summary>The prefill rate, in prompt tokens per second over the whole fleet, that keeps waits within the objective.</summary>
    public static double PrefillTokensPerSecond(double arriving, double dispersion, double promptTokensPerRequest, ReplicaCapacity capacity,
        ServiceObjective objective)
    {
        if (!(arriving > IdleShare * capacity.PrefillTokensPerSecond)) return 0;
        var ttft = objective.Ttft.TotalSeconds;
        var ownPrefill = Math.Max(0, promptTokensPerRequest) / capacity.PrefillTokensPerSecond;
        var theta = WaitDecay(ttft, ownPrefill, Math.Max(1e-6, 1 - objective.Attainment));
        var rate = (arriving + Math.Sqrt(arriving * arriving + 2 * theta * arriving * Math.Max(0, dispersion))) / 2;
        return Math.Max(rate, arriving / MaxPrefillUtilization);
    }

    /// <summary>
    /// The decay rate θ (per second) of the wait's exponential tail, P(W &gt; t) = e^(−θt), at which the share of
    /// attainable requests that miss <paramref name="ttft"/> is <paramref name="misses"/>. A request misses when its
    /// wait exceeds the objective less its own prefill S, exponential with mean <paramref name="ownPrefill"/> and
    /// conditioned on S ≤ T (longer ones cannot meet it anywhere): the miss share is E[e^(−θ(T − S)) | S ≤ T]
    /// = a(e^(−aT) − e^(−θT)) / ((θ − a)(1 − e^(−aT))) with a = 1/mean, which falls from 1 at θ = 0; found by bisection.
    /// </summary>
    public static double WaitDecay(double ttft, double ownPrefill, double misses)
    {
        if (MissShare(0, ttft, ownPrefill) <= misses) return 0;
        double lo = 0, hi = 1;
        while (MissShare(hi, ttft, ownPrefill) > misses && hi < 1e9)
        {
            lo = hi;
            hi *= 2;
        }
        // To a relative precision of 1e-4: finer changes no replica count, and this runs every cycle for every workload.
        while (hi - lo > 1e-4 * hi)
        {
            var mid = (lo + hi) / 2;
            if (MissShare(mid, ttft, ownPrefill) > misses) lo = mid;
            else hi = mid;
        }
        return hi;
    }

    private static double MissShare(double theta, double ttft, double ownPrefill)
    {
        if (ownPrefill <= 1e-9) return Math.Exp(-theta * ttft);
        var a = 1 / ownPrefill;
        var attainable = 1 - Math.Exp(-a * ttft);
        // At θ = a the expression is 0/0; its limit is a·T·e^(−aT).
        var gap = theta - a;
        var share = Math.Abs(gap) < 1e-9 * a
            ? a * ttft * Math.Exp(-a * ttft)
            : a * (Math.Exp(-a * ttft) - Math.Exp(-theta * ttft)) / gap;
        return share / attainable;
    }

    private static int Ceiling(double replicas) =>
        replicas > IdleShare ? (int)Math.Min(int.MaxValue, Math.Ceiling(replicas - 1e-9)) : 0;
}
