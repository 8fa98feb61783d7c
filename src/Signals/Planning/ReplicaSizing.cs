namespace Headroom.Signals.Planning;

/// <summary>
/// How many replicas a demand needs so that the time-to-first-token objective holds: one pure function, shared by the
/// live planner and the simulator's clairvoyant oracle, so both size with the same capacity model.
/// </summary>
/// <remarks>
/// Two constraints decide time to first token. <b>Compute</b>: prefill and decode share each replica's GPU, so a
/// replica that prefills p tokens/s and decodes g tokens/s is busy p/P + g/D of its time (the relation the capacity
/// estimator measures at saturation); close to all of it, the decoding batch grows to its limit and new prompts wait
/// for a slot. <b>Prefill wait</b>, from two causes. The prompts ahead: a prompt is dispatched on arrival to the
/// replica with the fewest requests outstanding and prefilled there first come, first served, so it waits when that
/// replica is prefilling another prompt, which cannot be split. This is sized as an M/G/c queue with Erlang's
/// C(c, k·a) as the chance of waiting (a = λ/P, the prefill load in replicas) and then one replica's
/// Pollaczek–Khinchine wait, exponential with rate θ = 2(P − λ/c)/I_s, where I_s = E[X²]/E[X] of prompt sizes X
/// (2 × the mean prompt for exponentially spread sizes). k = <see cref="ReplicaCapacity.DispatchLoadFactor"/> accounts
/// for dispatching on arrival rather than from one queue to the first free replica, which heavy-tailed prompts punish:
/// learned from the engines' waiting (<see cref="DispatchEstimator"/>), else <see cref="DispatchLoadFactor"/>, whose
/// calibration against the fleet model is in docs/scaling.md. And bursts: arrivals that bunch (the measured index
/// of dispersion of prompt work I, sizes and bunching together) are spread by the router over every replica, so they
/// are sized as one pooled queue served at c·P with the heavy-traffic diffusion approximation behind Kingman's
/// formula: the backlog is about exponential with mean λI / (2(cP − λ)), so a prompt waits longer than t with chance
/// e^(−θt), θ = 2(cP − λ)·cP / (λI). In both, a request misses when its wait exceeds the objective T
/// less its own prefill S; the prefill count is the smallest c that keeps the share of attainable requests (S ≤ T)
/// that miss within the budget, for each cause. Decode alone and KV use are sized at utilisation targets, because
/// they bound throughput and admission; queued prompts must drain within the drain target.
/// </remarks>
public static class ReplicaSizing
{
    /// <summary>Share of a replica's peak decode rate planned for: past it, per-token latency climbs steeply.</summary>
    public const double DecodeUtilization = 0.8;

    /// <summary>Share of a replica's GPU time planned for prefill and decode together: past it, the batch fills and prompts wait for a slot.</summary>
    public const double GpuUtilization = 1.0;

    /// <summary>
    /// How much more often a prompt waits, when dispatched on arrival by outstanding requests, than M/G/c's single
    /// queue says: the prefill load is counted up to k times in Erlang's C (1 + (k − 1)(1 − 1/c) times with c replicas,
    /// since one replica has no choice to get wrong). The prior, calibrated against the fleet model (docs/scaling.md);
    /// the planner sizes with the factor it learns from the engines' waiting once that has said something.
    /// </summary>
    public const double DispatchLoadFactor = 2;

    /// <summary>Share of KV cache planned for: engines preempt sequences as the cache fills.</summary>
    public const double KvCacheUtilization = 0.85;

    /// <summary>Highest prefill utilisation planned for, whatever the approximation allows for smooth traffic.</summary>
    public const double MaxPrefillUtilization = 0.95;

    /// <summary>
    /// Work below this share of one replica, in any dimension, is none: smoothed demand decays toward zero without
    /// reaching it, and a trickle of 1e-12 tokens/s must not hold a replica.
    /// </summary>
    public const double IdleShare = 1e-4;

    /// <summary>Most replicas one dimension is sized to: a bound on the search, far beyond any fleet.</summary>
    public const int MaxReplicas = 100_000;

    /// <summary>Replicas each dimension needs for <paramref name="demand"/>.</summary>
    public static ReplicaNeeds Size(Demand demand, ReplicaCapacity capacity, ServiceObjective objective, TimeSpan queueDrain)
    {
        var prefill = PrefillReplicas(demand.PromptTokensPerSecond, demand.PromptDispersionTokens, demand.PromptTokensPerRequest, capacity, objective);
        var decode = Ceiling(demand.GenerationTokensPerSecond / (capacity.DecodeTokensPerSecond * DecodeUtilization));
        var compute = Ceiling((demand.PromptTokensPerSecond / capacity.PrefillTokensPerSecond
            + demand.GenerationTokensPerSecond / capacity.DecodeTokensPerSecond) / GpuUtilization);
        var kv = Ceiling(demand.KvTokensInUse / (capacity.KvCacheTokens * KvCacheUtilization));
        var queue = demand.QueuedPromptTokens > 0
            ? Ceiling((demand.PromptTokensPerSecond + demand.QueuedPromptTokens / queueDrain.TotalSeconds) / capacity.PrefillTokensPerSecond)
            : 0;
        return new ReplicaNeeds(prefill, compute, decode, kv, queue);
    }

    /// <summary>The fewest replicas whose prefill keeps the share of attainable requests that miss the objective within its budget.</summary>
    public static int PrefillReplicas(double arriving, double dispersion, double promptTokensPerRequest, ReplicaCapacity capacity,
        ServiceObjective objective)
    {
        var rate = capacity.PrefillTokensPerSecond;
        if (!(arriving > IdleShare * rate)) return 0;
        var ttft = objective.Ttft.TotalSeconds;
        var ownPrefill = Math.Max(0, promptTokensPerRequest) / rate;
        var misses = Math.Max(1e-6, 1 - objective.Attainment);
        var sizes = Math.Max(1e-9, PromptSizes(dispersion, promptTokensPerRequest));
        return Math.Max(ForPromptsAhead(arriving, sizes, rate, ttft, ownPrefill, misses, capacity.DispatchLoadFactor),
            ForBursts(arriving, dispersion, rate, ttft, ownPrefill, misses));
    }

    // The last few searches on this thread, the loads they sized and what they found: a planner sizes a few demands
    // per decision (now and ahead, with and without its margin) and much the same ones the next cycle, so the answer
    // for the nearest load, scaled to the new one, is usually the new answer or a probe or two from it. They decide
    // only where a search starts, never what it finds.
    private const int RememberedSearches = 8;
    [ThreadStatic] private static double[]? searchedLoads;
    [ThreadStatic] private static int[]? searchAnswers;
    [ThreadStatic] private static int nextRemembered;

    // The miss share falls as replicas are added, so the fewest that meet the budget is found by probing from the
    // previous answer, galloping up or down to bracket the answer, then halving. Each probe costs one Erlang C over
    // every server, so probing near the answer is what keeps the decision cheap.
    internal static int ForPromptsAhead(double arriving, double sizes, double rate, double ttft, double ownPrefill, double misses,
        double dispatchFactor = DispatchLoadFactor)
    {
        var load = arriving / rate;
        var low = Math.Max(1, (int)Math.Ceiling(load / MaxPrefillUtilization - 1e-9));
        if (low >= MaxReplicas) return Meets(low) ? low : MaxReplicas;
        var start = Math.Clamp(RememberedStart(load), low, MaxReplicas);
        // fails < answer <= meets throughout; MaxReplicas counts as meeting, as the bound of the search.
        int fails = low - 1, meets = MaxReplicas;
        if (start == MaxReplicas || Meets(start))
        {
            meets = start;
            for (var step = 1; meets > low; step *= 2)
            {
                var probe = Math.Max(low, meets - step);
                if (!Meets(probe))
                {
                    fails = probe;
                    break;
                }
                meets = probe;
            }
        }
        else
        {
            fails = start;
            for (var step = 1; ; step *= 2)
            {
                var probe = (int)Math.Min(MaxReplicas, (long)fails + step);
                if (probe == MaxReplicas) break;
                if (Meets(probe))
                {
                    meets = probe;
                    break;
                }
                fails = probe;
            }
        }
        while (meets - fails > 1)
        {
            var mid = fails + (meets - fails) / 2;
            if (Meets(mid)) meets = mid;
            else fails = mid;
        }
        Remember(load, meets);
        return meets;

        bool Meets(int servers) => MeetsPromptsAhead(servers, arriving, sizes, rate, ttft, ownPrefill, misses, dispatchFactor);
    }

    private static int RememberedStart(double load)
    {
        if (searchedLoads is not { } loads || searchAnswers is not { } answers) return 0;
        var nearest = 0;
        for (var i = 1; i < RememberedSearches; i++)
        {
            if (Math.Abs(loads[i] - load) < Math.Abs(loads[nearest] - load)) nearest = i;
        }
        return answers[nearest] > 0 ? (int)Math.Min(MaxReplicas, Math.Round(answers[nearest] * (load / loads[nearest]))) : 0;
    }

    private static void Remember(double load, int answer)
    {
        var loads = searchedLoads ??= new double[RememberedSearches];
        var answers = searchAnswers ??= new int[RememberedSearches];
        loads[nextRemembered] = load;
        answers[nextRemembered] = answer;
        nextRemembered = (nextRemembered + 1) % RememberedSearches;
    }

    // Whether the share of attainable requests that miss for the prompts ahead of them is within the budget with
    // this many replicas.
    internal static bool MeetsPromptsAhead(int servers, double arriving, double sizes, double rate, double ttft, double ownPrefill,
        double misses, double dispatchFactor = DispatchLoadFactor)
    {
        var waits = ErlangC(servers, DispatchLoad(servers, dispatchFactor) * (arriving / rate));
        return waits * MissShare(PromptsAheadDecay(servers, arriving, sizes, rate), ttft, ownPrefill) <= misses;
    }

    /// <summary>
    /// I_s = E[X²]/E[X] of prompt sizes, in tokens, as the prompts-ahead term takes it: 2 × the mean prompt (exponentially
    /// spread sizes) unless the measured dispersion of prompt work is smaller.
    /// </summary>
    internal static double PromptSizes(double dispersion, double promptTokensPerRequest) =>
        Math.Min(dispersion, 2 * Math.Max(0, promptTokensPerRequest));

    /// <summary>
    /// The decay θ of the wait of a prompt that waits for the prompts ahead of it: one replica's Pollaczek–Khinchine
    /// wait, about exponential with rate 2(P − λ/c)/I_s; not positive at or past the fleet's prefill capacity.
    /// </summary>
    internal static double PromptsAheadDecay(int servers, double arriving, double sizes, double rate) => 2 * (rate - arriving / servers) / sizes;

    // (cP − λ)·cP ≥ θλI / 2 is a quadratic in cP, θ being the decay that meets the budget.
    private static int ForBursts(double arriving, double dispersion, double rate, double ttft, double ownPrefill, double misses)
    {
        var theta = WaitDecay(ttft, ownPrefill, misses);
        var fleetRate = (arriving + Math.Sqrt(arriving * arriving + 2 * theta * arriving * Math.Max(0, dispersion))) / 2;
        return Ceiling(Math.Max(fleetRate, arriving / MaxPrefillUtilization) / rate);
    }

    // The decay rate θ of an exponential wait tail P(W > t) = e^(−θt) at which the share of attainable requests that
    // miss is the budget, found by bisection: the share falls from 1 at θ = 0.
    private static double WaitDecay(double ttft, double ownPrefill, double misses)
    {
        var inputs = (ttft, ownPrefill, misses);
        if (lastWaitDecay is { } last && last.Inputs == inputs) return last.Theta;
        var theta = BisectWaitDecay(ttft, ownPrefill, misses);
        lastWaitDecay = (inputs, theta);
        return theta;
    }

    // The last decay found on this thread and what it was found for: a workload's demand now, ahead and with its
    // margin usually share the prompt size, so a decision asks for the same decay several times in a row.
    [ThreadStatic] private static ((double Ttft, double OwnPrefill, double Misses) Inputs, double Theta)? lastWaitDecay;

    private static double BisectWaitDecay(double ttft, double ownPrefill, double misses)
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

    // One replica has no choice to make, so the factor applies in full only as the choices grow.
    internal static double DispatchLoad(int servers, double factor) => 1 + (factor - 1) * (1 - 1.0 / servers);

    // Erlang's C: the chance that an arrival finds all servers busy, through Erlang's B by its stable recurrence,
    // carried as 1/B (1/B_k = 1 + k/a · 1/B_(k−1)): a multiply-add per server instead of a division, the sizing's
    // busiest arithmetic. Fused, since each step waits on the last: one rounding, in half the time of a multiply and
    // then an add. Past double's range 1/B is infinite and B 0, as it is to that precision.
    internal static double ErlangC(int servers, double offered)
    {
        if (servers <= offered) return 1;
        double inverse = 1, perServer = 1 / offered, step = 0;
        for (var k = 1; k <= servers; k++)
        {
            step += perServer;
            inverse = Math.FusedMultiplyAdd(step, inverse, 1);
        }
        var blocking = 1 / inverse;
        return servers * blocking / (servers - offered * (1 - blocking));
    }

    // The share of attainable requests whose wait, once they wait at all, exceeds the objective less their own prefill
    // S: P(W > t | W > 0) = e^(−θt), S exponential with mean ownPrefill and conditioned on S ≤ T (longer ones cannot
    // meet it anywhere), so the share is E[e^(−θ(T − S)) | S ≤ T] = a(e^(−aT) − e^(−θT)) / ((θ − a)(1 − e^(−aT))),
    // a = 1/mean.
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
