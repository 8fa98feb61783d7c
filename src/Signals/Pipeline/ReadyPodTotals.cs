using System.Runtime.CompilerServices;
using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// A workload's values over its ready pods, gathered pod by pod in the pass that updates their states: the cycle
/// reads each pod once rather than once per value.
/// </summary>
internal struct ReadyPodTotals()
{
    private int _pods;
    private RateSum _generation, _prompt;
    private Aggregate.Accumulator _waiting = new(Aggregation.Sum);
    private Aggregate.Accumulator _running = new(Aggregation.Sum);
    private Aggregate.Accumulator _duty = new(Aggregation.Mean);
    private Aggregate.Accumulator _kvCache = new(Aggregation.Mean);

    /// <summary>Counts one ready pod, its reading and its state as just updated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
    public void Add(EngineReading engine, PodState state)
    {
        _pods++;
        _generation.Add(engine.GenerationTokensTotal ?? engine.GenerationTokensPerSecond, state.GenerationRate, state.IsNew);
        _prompt.Add(engine.PromptTokensTotal ?? engine.PromptTokensPerSecond, state.PromptRate, state.IsNew);
        _waiting.Add(engine.RequestsWaiting);
        _running.Add(engine.RequestsRunning);
        _duty.Add(state.DutyCycle);
        _kvCache.Add(state.KvCache);
        // Prefill demand and capacity are the tokens the GPU computes: the prompt counter also counts those the
        // prefix cache answered, which are left out where the pod reports its cache.
        var prefilled = state.LastPrefilledRate;
        if (state.PrefixCacheHitRatio is { } hit && state.LastPromptRate is { } served) CachedPromptRate = (CachedPromptRate ?? 0) + served * hit;
        PrefilledRate += prefilled ?? 0;
        LastGenerationRate += state.LastGenerationRate ?? 0;
        RunningReported += engine.RequestsRunning ?? 0;
        KvCacheSum += state.KvCache ?? 0;
        LastKvCacheSum += state.LastKvCache ?? 0;
        InFlightChange += state.InFlightChange;
        WaitingChange += state.WaitingChange;
        // The mean prompt is the ratio over the pods that count both, so a pod without the counter skews nothing.
        if (state.LastFinishedRate is { } done && prefilled is { } prompted)
        {
            FinishedRate += done;
            FinishedPrefilledRate += prompted;
        }
    }

    // What the decision sums, each pod's last cycle alone where it has one: 0 for a value a pod does not have.

    /// <summary>Prompt tokens prefilled per second over the last cycle (those the prefix cache answered left out).</summary>
    public double PrefilledRate { get; private set; }

    /// <summary>Prompt tokens per second the prefix caches answered over the last cycle; null where no pod reports its cache.</summary>
    public double? CachedPromptRate { get; private set; }

    /// <summary>Generated tokens per second over the last cycle.</summary>
    public double LastGenerationRate { get; private set; }

    /// <summary>Requests running, over the pods that report it.</summary>
    public double RunningReported { get; private set; }

    /// <summary>The pods' smoothed KV-cache use, summed.</summary>
    public double KvCacheSum { get; private set; }

    /// <summary>The pods' KV-cache use as last read, summed.</summary>
    public double LastKvCacheSum { get; private set; }

    /// <summary>Requests finished per second over the last cycle, over the pods that count both them and prompts.</summary>
    public double FinishedRate { get; private set; }

    /// <summary>Prompt tokens prefilled per second over the last cycle, over the same pods as <see cref="FinishedRate"/>.</summary>
    public double FinishedPrefilledRate { get; private set; }

    /// <summary>The change in requests waiting or running since the pods' previous readings.</summary>
    public double InFlightChange { get; private set; }

    /// <summary>The change in requests waiting since the pods' previous readings.</summary>
    public double WaitingChange { get; private set; }

    /// <summary>Generated tokens per second over the pods (0 with none); missing as <see cref="RateSum"/> says.</summary>
    public readonly double? GenerationRate => _pods == 0 ? 0 : _generation.Result;

    /// <summary>Prompt tokens per second over the pods, as <see cref="GenerationRate"/>.</summary>
    public readonly double? PromptRate => _pods == 0 ? 0 : _prompt.Result;

    /// <summary>Requests waiting in the pods' engines; missing when a pod does not report it, or with no pod.</summary>
    public readonly double? Waiting => _waiting.Result;

    /// <summary>Requests running in the pods' engines; 0 with no pod, missing when a pod does not report it.</summary>
    public readonly double? Running => _pods == 0 ? 0 : _running.Result;

    /// <summary>The pods' mean smoothed GPU duty cycle, over those that report it.</summary>
    public readonly double? DutyCycle => _duty.Result;

    /// <summary>The pods' mean smoothed KV-cache use, over those that report it.</summary>
    public readonly double? KvCache => _kvCache.Result;

    // A pod seen for the first time has no rate yet; it just became ready, so leaving it out for one interval
    // undercounts little. A pod whose counter is absent is broken, and makes the sum missing; so does a pod seen
    // before that still has no rate (its counter was absent last time).
    private struct RateSum
    {
        private double _sum;
        private int _known;
        private bool _missing;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double? counter, double? rate, bool isNew)
        {
            if (_missing) return;
            if (counter is null) _missing = true;
            else if (rate is { } r)
            {
                _sum += r;
                _known++;
            }
            else if (!isNew) _missing = true;
        }

        public readonly double? Result => _missing || _known == 0 ? null : _sum;
    }
}
