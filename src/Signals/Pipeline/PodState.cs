using System.Runtime.CompilerServices;
using Headroom.Forecast.Smoothing;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>What the pipeline remembers of one ready pod between cycles: last counters and smoothed values.</summary>
internal sealed class PodState(SmoothingWeight weight)
{
    private double? _lastGeneration;
    private double? _lastPrompt;
    private double? _lastFinished;
    private double? _lastPrefixQueries;
    private double? _lastPrefixHits;
    private double? _lastInFlight;
    private double? _lastWaiting;
    private DateTimeOffset _lastAt;
    private Ewma _generation = new(weight.Window);
    private Ewma _prompt = new(weight.Window);
    private Ewma _duty = new(weight.Window);
    private Ewma _kv = new(weight.Window);
    private Ewma _prefixAsked = new(weight.Window);
    private Ewma _prefixAnswered = new(weight.Window);
    private Ewma _busyPrefilled = new(BusyWindow);
    private Ewma _busyDuty = new(BusyWindow);
    // A pod is read at the same interval cycle after cycle, so its busy averages' weight is one exponential, not one a cycle.
    private readonly SmoothingWeight _busyWeight = new(BusyWindow);

    // What the prefill bound of capacity averages over, whatever the smoothing: a minute holds many prompts, so one
    // counted in a later cycle than the busy time it took moves the ratio little.
    private static readonly TimeSpan BusyWindow = TimeSpan.FromMinutes(1);

    /// <summary>Smoothed generated tokens per second; null until two readings have been seen.</summary>
    public double? GenerationRate { get; private set; }

    /// <summary>Smoothed prompt tokens per second; null until two readings have been seen.</summary>
    public double? PromptRate { get; private set; }

    /// <summary>Generated tokens per second over the last interval alone; null until two readings have been seen.</summary>
    public double? LastGenerationRate { get; private set; }

    /// <summary>Prompt tokens per second over the last interval alone; null until two readings have been seen.</summary>
    public double? LastPromptRate { get; private set; }

    /// <summary>Requests finished per second over the last interval alone; null until two readings have been seen or without the counter.</summary>
    public double? LastFinishedRate { get; private set; }

    /// <summary>
    /// Share of what the prefix cache was asked for that it answered (Δhits / Δqueries), smoothed like the rates (a
    /// ratio of smoothed increases, so an interval that asked nothing keeps it: a prompt admitted in one interval may be
    /// prefilled in the next), or the source's own ratio over its window; null without the counters or before anything
    /// was asked.
    /// </summary>
    public double? PrefixCacheHitRatio { get; private set; }

    /// <summary>
    /// Requests waiting or running now less at the pod's previous reading: all of them at its first, since the pod had
    /// none before it was ready; 0 when either count is unknown.
    /// </summary>
    public double InFlightChange { get; private set; }

    /// <summary>Requests waiting now less at the pod's previous reading, as <see cref="InFlightChange"/> counts them.</summary>
    public double WaitingChange { get; private set; }

    /// <summary>
    /// Requests waiting at this reading and at the pod's previous one, the fewer of the two: a queue that lasted the
    /// cycle, not a prompt held for a moment behind another's prefill; 0 at the pod's first reading or when either
    /// count is unknown.
    /// </summary>
    public double WaitingAtBoth { get; private set; }

    /// <summary>Prompt tokens prefilled per second over the last cycle: those counted less the share its prefix cache answered, when it reports one.</summary>
    public double? LastPrefilledRate { get; private set; }

    /// <summary>Prompt tokens prefilled per second and the duty cycle, averaged together over the last minute; null until both are read.</summary>
    public (double PromptTokensPerSecond, double DutyCycle)? BusyPrefill
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
        get => _busyPrefilled.Value is { } prefilled && _busyDuty.Value is { } duty ? (prefilled, duty) : null;
    }

    /// <summary>GPU duty cycle as last read, unsmoothed.</summary>
    public double? LastDutyCycle { get; private set; }

    /// <summary>Smoothed GPU duty cycle.</summary>
    public double? DutyCycle { get; private set; }

    /// <summary>KV-cache use as last read, unsmoothed.</summary>
    public double? LastKvCache { get; private set; }

    /// <summary>Smoothed KV-cache use.</summary>
    public double? KvCache { get; private set; }

    /// <summary>Whether the latest reading was the pod's first, so that a new pod (no rate yet) can be told from a broken one.</summary>
    public bool IsNew { get; private set; }

    public void Update(EngineReading reading, DateTimeOffset at)
    {
        IsNew = _lastAt == default;
        var elapsed = at - _lastAt;
        LastGenerationRate = reading.GenerationTokensPerSecond ?? Rate(_lastGeneration, reading.GenerationTokensTotal, elapsed);
        LastPromptRate = reading.PromptTokensPerSecond ?? Rate(_lastPrompt, reading.PromptTokensTotal, elapsed);
        LastFinishedRate = reading.RequestsFinishedPerSecond ?? Rate(_lastFinished, reading.RequestsFinishedTotal, elapsed);
        var w = weight.Of(elapsed);
        UpdatePrefixCache(reading, elapsed, w);
        GenerationRate = Smoothed(ref _generation, LastGenerationRate, reading.GenerationTokensPerSecond is null && _lastGeneration is not null && reading.GenerationTokensTotal is not null, w);
        PromptRate = Smoothed(ref _prompt, LastPromptRate, reading.PromptTokensPerSecond is null && _lastPrompt is not null && reading.PromptTokensTotal is not null, w);
        LastDutyCycle = Ratio(reading.GpuDutyCycle);
        DutyCycle = Smooth(ref _duty, LastDutyCycle, w);
        LastPrefilledRate = LastPromptRate * (1 - (PrefixCacheHitRatio ?? 0));
        if (LastPrefilledRate is { } prefilled && LastDutyCycle is { } busy)
        {
            var busyWeight = _busyWeight.Of(elapsed);
            _busyPrefilled.Update(prefilled, busyWeight);
            _busyDuty.Update(busy, busyWeight);
        }
        LastKvCache = Ratio(reading.KvCacheUsage);
        KvCache = Smooth(ref _kv, LastKvCache, w);
        _lastGeneration = reading.GenerationTokensTotal;
        _lastPrompt = reading.PromptTokensTotal;
        _lastFinished = reading.RequestsFinishedTotal;
        _lastPrefixQueries = reading.PrefixCacheQueriesTotal;
        _lastPrefixHits = reading.PrefixCacheHitsTotal;
        double? inFlight = reading.RequestsWaiting is { } waiting && reading.RequestsRunning is { } running ? waiting + running : null;
        InFlightChange = Change(IsNew ? 0 : _lastInFlight, inFlight);
        WaitingChange = Change(IsNew ? 0 : _lastWaiting, reading.RequestsWaiting);
        WaitingAtBoth = !IsNew && _lastWaiting is { } before && reading.RequestsWaiting is { } queued ? Math.Min(before, queued) : 0;
        _lastInFlight = inFlight;
        _lastWaiting = reading.RequestsWaiting;
        _lastAt = at;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Change(double? before, double? now) => before is { } b && now is { } n ? n - b : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double? Rate(double? previous, double? current, TimeSpan elapsed) =>
        current is { } now && previous is { } before ? CounterRate.Between(before, now, elapsed) : null;

    // A counter that went down was reset (its process restarted) and counts from zero, as for rates.
    private void UpdatePrefixCache(EngineReading reading, TimeSpan elapsed, double w)
    {
        PrefixCacheHitRatio = null;
        if (Ratio(reading.PrefixCacheHitRatio) is { } given)
        {
            PrefixCacheHitRatio = given;
            return;
        }
        if (_lastPrefixQueries is not { } q0 || reading.PrefixCacheQueriesTotal is not { } q
            || _lastPrefixHits is not { } h0 || reading.PrefixCacheHitsTotal is not { } h) return;
        var asked = CounterRate.Increase(q0, q);
        var answered = CounterRate.Increase(h0, h);
        // One counter reset and not the other answers more than was asked: no reading rather than a wrong one.
        if (answered <= asked && elapsed > TimeSpan.Zero)
        {
            _prefixAsked.Update(asked / elapsed.TotalSeconds, w);
            _prefixAnswered.Update(answered / elapsed.TotalSeconds, w);
        }
        PrefixCacheHitRatio = _prefixAsked.Value is > 0 and var rate ? Ratio(_prefixAnswered.Value / rate) : null;
    }

    // Two counter readings with no time between them give no rate and keep the smoothed value; a counter missing
    // now or last time gives none at all.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double? Smoothed(ref Ewma ewma, double? rate, bool bothCounters, double weight) =>
        rate is { } r ? ewma.Update(r, weight) : bothCounters ? ewma.Value : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double? Smooth(ref Ewma ewma, double? sample, double weight) =>
        sample is { } s ? ewma.Update(s, weight) : null;

    // A ratio outside 0..1 is garbage from the engine; it is dropped rather than clamped into a plausible lie.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double? Ratio(double? value) => value is >= 0 and <= 1 ? value : null;
}
