using Headroom.Forecast.Smoothing;

namespace Headroom.Signals.Planning;

/// <summary>
/// Turns what replicas served into what was asked of them: served tokens plus the growth of work that is in the
/// engines but not yet served, smoothed; and the dispersion of prompt work, which sizes prefill for bursts.
/// </summary>
/// <remarks>
/// A replica that cannot keep up admits prompts into its batch and prefills them in turn, so unserved prompt work
/// shows as requests waiting or running that were not there before. Their change, at the prompt tokens one request
/// holds, is added to the prompt tokens served: what arrived is what was served plus what was left over, less what
/// was left over before. The change is signed: counting only growth read every rise of a batch that fluctuates as
/// unserved demand and no fall as a drained backlog (one Azure conv replica serving 10,000 prompt tokens/s was read
/// as asked 12,000 to 16,000, and a second replica was held for eight minutes).
/// The prompt tokens of a request are KV tokens per running request where the engine reports KV-cache use, and
/// prompt tokens over requests finished (the engines' counters) where it does not (TGI) or where the ratio does not
/// hold whole prompts (a prefill role's pods, <see cref="Workloads.WorkloadRole.PromptReadFromKvCache"/>); until either is measured,
/// the configured tokens per request scaled by the workload's prompt-to-output ratio.
/// KV tokens per running request weigh long requests more, since they stay in the batch longer (on the Mooncake trace
/// 14,000 to 22,000 tokens over the run for a 15,325 mean), and the counters' mean does not; but sized with the
/// counters' mean, the Azure code trace's first burst after a lull finds too few replicas (docs/scaling.md has the
/// runs), so the KV estimate stays first where it can be read. Requests waiting add generated tokens the same way, at
/// the configured tokens per request.
/// Prompt demand is judged against the noise of independent arrivals around its level of the last minute, so that
/// a high of that noise is not sized as a burst (<see cref="Update"/>).
/// Prompt work is the tokens replicas prefill: where an engine reports its prefix cache, the tokens the cache answered
/// are left out of the prompt rates it is given (the GPU does not compute them), and the KV tokens of a request, which
/// hold the cached blocks too, are scaled by the share of prompt tokens the cache did not answer, so that a request's
/// prompt, its own prefill and the prompt work of a backlog are the tokens prefilled as well.
/// </remarks>
public sealed class DemandMeter(TimeSpan smoothing, double tokensPerRequest, double kvCacheTokensPerReplica, bool kvCacheRead = true)
{
    // Request sizes, the prompt-to-output ratio and the dispersion of prompt work are properties of the traffic mix:
    // averaged over minutes. The level that dispersion is measured around follows bursts within half a minute.
    private static readonly TimeSpan RatioWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LevelWindow = TimeSpan.FromSeconds(30);
    // The level that arrival noise is judged around, and how many of its standard errors are taken for noise.
    private static readonly TimeSpan NoiseLevelWindow = TimeSpan.FromMinutes(1);
    private const double NoiseDeviations = 2;
    private Ewma _prompt = new(smoothing);
    private Ewma _generation = new(smoothing);
    private Ewma _promptAverage = new(RatioWindow);
    private Ewma _generationAverage = new(RatioWindow);
    private Ewma _kvTokensPerRequest = new(RatioWindow);
    private Ewma _finished = new(RatioWindow);
    private Ewma _finishedPrompt = new(RatioWindow);
    private Ewma _cachedPrompt = new(RatioWindow);
    private Ewma _askedPrompt = new(RatioWindow);
    private Ewma _rawMean = new(RatioWindow);
    private Ewma _residualSquare = new(RatioWindow);
    private readonly LeadWindow _lastLead = new();
    private Ewma _promptLevel = new(LevelWindow);
    private Ewma _promptAskedLevel = new(NoiseLevelWindow);
    private TimeSpan _observed;

    /// <summary>Prompt tokens one request is taken to carry, as of the last update.</summary>
    public double PromptTokensPerRequest { get; private set; }

    /// <summary>
    /// Standard error of the smoothed prompt demand that independent arrivals alone give around its level of the last
    /// minute, as the last update judged it (demand within two of them reads as that level); 0 while no level, no
    /// measured prompt size, or a lead time without prompt work leaves nothing to judge.
    /// </summary>
    public double PromptArrivalNoise { get; private set; }

    /// <summary>
    /// Share of the prompt tokens served over the last minutes that prefix caches answered, left out of prompt work;
    /// null until a replica reports its prefix cache, and falling to zero over minutes once none does.
    /// </summary>
    public double? PrefixCacheHitRatio { get; private set; }

    /// <summary>
    /// Reads one cycle, <paramref name="elapsed"/> after the one before, and returns the demand now; bursts are
    /// remembered for <paramref name="lead"/>, the time replicas take to come (<see cref="WithOnsets"/>).
    /// </summary>
    public Demand Update(DemandReading reading, TimeSpan elapsed, TimeSpan lead)
    {
        var seconds = elapsed.TotalSeconds;
        // A ratio of averages, not an average of ratios: a cycle that generated almost nothing must not weigh most.
        _promptAverage.Update(reading.PromptTokensPerSecond, elapsed);
        _generationAverage.Update(reading.GenerationTokensPerSecond, elapsed);
        // Measured while requests run; kept through idle spells, since an idle fleet says nothing about request sizes.
        // KV use and running requests of one instant: smoothed KV still holds a batch that has just finished, and over
        // the one request left it read 76,000 tokens a request on the Azure code trace's 2,048-token prompts.
        var kvNow = reading.KvCacheSharesNow ?? reading.KvCacheShares;
        if (reading.Running > 0 && kvNow > 0)
            _kvTokensPerRequest.Update(kvNow * kvCacheTokensPerReplica / reading.Running, elapsed);
        // A ratio of averages: prompts are counted as they are prefilled and requests as they finish, cycles apart.
        // Idle cycles are skipped: both sides are zero and say nothing about sizes.
        if (reading.RequestsFinishedPerSecond > 0 || reading.PromptTokensOfCountingPerSecond > 0)
        {
            _finished.Update(reading.RequestsFinishedPerSecond, elapsed);
            _finishedPrompt.Update(reading.PromptTokensOfCountingPerSecond, elapsed);
        }
        // A ratio of averages over every prompt token served, like the rest of the mix: once a pod has reported its
        // cache, the tokens of cycles that no pod reports count as not cached. Idle cycles say nothing about the cache.
        var cachedNow = reading.PromptTokensCachedPerSecond ?? (_askedPrompt.Value is null ? null : 0);
        if (cachedNow is { } cached && reading.PromptTokensPerSecond + cached > 0)
        {
            _cachedPrompt.Update(cached, elapsed);
            _askedPrompt.Update(reading.PromptTokensPerSecond + cached, elapsed);
        }
        PrefixCacheHitRatio = _askedPrompt.Value is > 0 and var asked ? _cachedPrompt.Value / asked : null;
        // The counters' mean and the ratio of averages are of prompt tokens prefilled already; KV use holds cached blocks.
        var measuredPrompt = kvCacheRead ? _kvTokensPerRequest.Value * (1 - (PrefixCacheHitRatio ?? 0)) : CountedPromptTokensPerRequest;
        PromptTokensPerRequest = measuredPrompt ?? tokensPerRequest * (PromptPerOutput ?? 1);

        var promptAsked = reading.PromptTokensPerSecond + PerSecond(reading.InFlightChange, seconds) * PromptTokensPerRequest;
        var generationAsked = reading.GenerationTokensPerSecond + PerSecond(reading.WaitingChange, seconds) * tokensPerRequest;
        // A cycle that drains a backlog asks for less than it serves, and the average follows; below zero it means none.
        var prompt = Math.Max(0, _prompt.Update(promptAsked, elapsed));
        var generation = Math.Max(0, _generation.Update(generationAsked, elapsed));
        var promptLevel = Math.Max(0, _promptAskedLevel.Update(promptAsked, elapsed));
        _observed += elapsed;
        var dispersion = Dispersion(reading.PromptTokensPerSecond, elapsed, lead);
        PromptArrivalNoise = measuredPrompt is not null && _observed >= NoiseLevelWindow && _lastLead.MeanRate > 0
            ? Math.Sqrt(promptLevel * PromptTokensPerRequest / Math.Max(smoothing.TotalSeconds, seconds / 2))
            : 0;
        if (PromptArrivalNoise > 0) prompt = WithoutArrivalNoise(prompt, promptLevel, PromptArrivalNoise);

        return new Demand(prompt, generation, dispersion, reading.KvCacheShares * kvCacheTokensPerReplica, reading.Waiting * PromptTokensPerRequest,
            PromptTokensPerRequest);
    }

    /// <summary>
    /// Demand when generated tokens reach <paramref name="generationForecast"/>: prompts at the workload's recent
    /// prompt-to-output ratio and KV use in proportion, rather than the current burst scaled, so that a forecast of
    /// the level is not multiplied by a spike of the moment.
    /// </summary>
    public Demand Ahead(Demand now, double generationForecast)
    {
        if (PromptPerOutput is not { } ratio || !(now.GenerationTokensPerSecond > 0)) return now;
        var factor = generationForecast / now.GenerationTokensPerSecond;
        return now with
        {
            PromptTokensPerSecond = generationForecast * ratio,
            GenerationTokensPerSecond = generationForecast,
            KvTokensInUse = now.KvTokensInUse * factor,
            QueuedPromptTokens = 0,
        };
    }

    /// <summary>
    /// Demand at the onset of a burst: <paramref name="ahead"/> (as <see cref="Update"/> and <see cref="Ahead"/> give it,
    /// its dispersion already at its floor) with prompt work no lower than its mean over the last lead time and no less
    /// dispersed than around that mean. The level that dispersion is measured around now follows a burst within a
    /// cycle or two, but replicas take a lead time to come, so over it traffic that switches between lulls and bursts
    /// is one bursty process: sized as the pooled queue at its rate and dispersion over the lead time, a lull keeps the
    /// replicas that the bursts of the last lead time would need at their onset. On the Azure code trace at 4x (8B
    /// fleet), without this a burst of 120 requests/s found 14 replicas where 17 were needed, and 1.3% of requests missed.
    /// </summary>
    public Demand WithOnsets(Demand ahead) => ahead with
    {
        PromptTokensPerSecond = Math.Max(ahead.PromptTokensPerSecond, _lastLead.MeanRate),
        PromptDispersionTokens = Math.Max(ahead.PromptDispersionTokens, _lastLead.Dispersion),
    };

    // The index of dispersion of prompt work, in tokens: the variance of the prompt tokens served in one cycle around
    // their level of the last seconds, over their mean, over the last minutes. Around the level, not the long mean,
    // so that demand switching between bursts and lulls (which the rate itself follows) is not counted again as
    // noise within the cycle; the same over the lead time, around its mean, is the dispersion of onsets (WithOnsets).
    // Served, not asked: the backlog term is a derivative and adds its own noise. Never below that of prompts arriving
    // one by one with exponentially spread sizes (E[X²]/E[X] = 2E[X]).
    private double Dispersion(double promptServed, TimeSpan elapsed, TimeSpan lead)
    {
        var residual = promptServed - (_promptLevel.Value ?? promptServed);
        _promptLevel.Update(promptServed, elapsed);
        _lastLead.Add(promptServed, elapsed.TotalSeconds, lead);
        var mean = _rawMean.Update(promptServed, elapsed);
        var square = _residualSquare.Update(residual * residual, elapsed);
        return Math.Max(2 * PromptTokensPerRequest, mean > 0 ? square * elapsed.TotalSeconds / mean : 0);
    }

    // Prompts arrive as lumps of thousands of tokens, so the smoothed prompt work moves on Poisson arrivals alone: on
    // the Mooncake sample (10,000-token prompts at 45,000 tokens/s) by 15% of its level, one standard error, and the
    // stabilization window held each high for minutes as if it were a burst. Around the last minute's level, prompt work
    // of independent arrivals averaged over τ has the variance λ·I_s / 2τ, with I_s = E[X²]/E[X] of prompt sizes taken
    // at 2E[X] as for sizing; a reading within NoiseDeviations of its standard errors is read as the level, and one
    // beyond as the level plus what lies beyond them, so a burst still counts at once, less that margin (and a fall,
    // plus it: a scale-down waits for the level). Only once there is a level, a minute of readings, and a measured prompt
    // size, since a configured guess larger than the prompts would read the first burst as noise; and not after a lead
    // time without prompt work, which is none, as scale to zero needs it.
    private static double WithoutArrivalNoise(double prompt, double level, double noise)
    {
        var beyond = Math.Abs(prompt - level) - NoiseDeviations * noise;
        return beyond > 0 ? level + Math.CopySign(beyond, prompt - level) : level;
    }

    private double? CountedPromptTokensPerRequest => _finished.Value is > 0 and var f && _finishedPrompt.Value is > 0 and var p ? p / f : null;

    private double? PromptPerOutput => _generationAverage.Value is > 0 and var g ? _promptAverage.Value / g : null;

    private static double PerSecond(double change, double seconds) => seconds > 0 ? change / seconds : 0;
}
