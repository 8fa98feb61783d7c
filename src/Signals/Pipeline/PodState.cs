using Headroom.Forecast.Smoothing;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>What the pipeline remembers of one ready pod between cycles: last counters and smoothed values.</summary>
internal sealed class PodState(SmoothingWeight weight)
{
    private double? _lastGeneration;
    private double? _lastPrompt;
    private double? _lastFinished;
    private double? _lastInFlight;
    private double? _lastWaiting;
    private DateTimeOffset _lastAt;
    private Ewma _generation = new(weight.Window);
    private Ewma _prompt = new(weight.Window);
    private Ewma _duty = new(weight.Window);
    private Ewma _kv = new(weight.Window);

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
    /// Requests waiting or running now less at the pod's previous reading: all of them at its first, since the pod had
    /// none before it was ready; 0 when either count is unknown.
    /// </summary>
    public double InFlightChange { get; private set; }

    /// <summary>Requests waiting now less at the pod's previous reading, as <see cref="InFlightChange"/> counts them.</summary>
    public double WaitingChange { get; private set; }

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
        GenerationRate = Smoothed(ref _generation, LastGenerationRate, reading.GenerationTokensPerSecond is null && _lastGeneration is not null && reading.GenerationTokensTotal is not null, w);
        PromptRate = Smoothed(ref _prompt, LastPromptRate, reading.PromptTokensPerSecond is null && _lastPrompt is not null && reading.PromptTokensTotal is not null, w);
        LastDutyCycle = Ratio(reading.GpuDutyCycle);
        DutyCycle = Smooth(ref _duty, LastDutyCycle, w);
        LastKvCache = Ratio(reading.KvCacheUsage);
        KvCache = Smooth(ref _kv, LastKvCache, w);
        _lastGeneration = reading.GenerationTokensTotal;
        _lastPrompt = reading.PromptTokensTotal;
        _lastFinished = reading.RequestsFinishedTotal;
        double? inFlight = reading.RequestsWaiting is { } waiting && reading.RequestsRunning is { } running ? waiting + running : null;
        InFlightChange = Change(IsNew ? 0 : _lastInFlight, inFlight);
        WaitingChange = Change(IsNew ? 0 : _lastWaiting, reading.RequestsWaiting);
        _lastInFlight = inFlight;
        _lastWaiting = reading.RequestsWaiting;
        _lastAt = at;
    }

    private static double Change(double? before, double? now) => before is { } b && now is { } n ? n - b : 0;

    private static double? Rate(double? previous, double? current, TimeSpan elapsed) =>
        current is { } now && previous is { } before ? CounterRate.Between(before, now, elapsed) : null;

    // Two counter readings with no time between them give no rate and keep the smoothed value; a counter missing
    // now or last time gives none at all.
    private static double? Smoothed(ref Ewma ewma, double? rate, bool bothCounters, double weight) =>
        rate is { } r ? ewma.Update(r, weight) : bothCounters ? ewma.Value : null;

    private static double? Smooth(ref Ewma ewma, double? sample, double weight) =>
        sample is { } s ? ewma.Update(s, weight) : null;

    // A ratio outside 0..1 is garbage from the engine; it is dropped rather than clamped into a plausible lie.
    private static double? Ratio(double? value) => value is >= 0 and <= 1 ? value : null;
}
