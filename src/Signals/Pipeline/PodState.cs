using Headroom.Forecast.Smoothing;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>What the pipeline remembers of one ready pod between cycles: last counters and smoothed values.</summary>
internal sealed class PodState(TimeSpan window)
{
    private double? _lastGeneration;
    private double? _lastPrompt;
    private DateTimeOffset _lastAt;
    private Ewma _generation = new(window);
    private Ewma _prompt = new(window);
    private Ewma _duty = new(window);
    private Ewma _kv = new(window);

    /// <summary>Smoothed generated tokens per second; null until two readings have been seen.</summary>
    public double? GenerationRate { get; private set; }

    /// <summary>Smoothed prompt tokens per second; null until two readings have been seen.</summary>
    public double? PromptRate { get; private set; }

    /// <summary>Smoothed GPU duty cycle.</summary>
    public double? DutyCycle { get; private set; }

    /// <summary>Smoothed KV-cache use.</summary>
    public double? KvCache { get; private set; }

    /// <summary>Whether the latest reading was the pod's first, so that a new pod (no rate yet) can be told from a broken one.</summary>
    public bool IsNew { get; private set; }

    public void Update(EngineReading reading, DateTimeOffset at)
    {
        IsNew = _lastAt == default;
        var elapsed = at - _lastAt;
        GenerationRate = reading.GenerationTokensPerSecond is { } genRate
            ? Smooth(ref _generation, genRate, elapsed)
            : Rate(ref _generation, _lastGeneration, reading.GenerationTokensTotal, elapsed);
        PromptRate = reading.PromptTokensPerSecond is { } promptRate
            ? Smooth(ref _prompt, promptRate, elapsed)
            : Rate(ref _prompt, _lastPrompt, reading.PromptTokensTotal, elapsed);
        DutyCycle = Smooth(ref _duty, Ratio(reading.GpuDutyCycle), elapsed);
        KvCache = Smooth(ref _kv, Ratio(reading.KvCacheUsage), elapsed);
        _lastGeneration = reading.GenerationTokensTotal;
        _lastPrompt = reading.PromptTokensTotal;
        _lastAt = at;
    }

    private static double? Rate(ref Ewma ewma, double? previous, double? current, TimeSpan elapsed)
    {
        if (current is not { } now || previous is not { } before) return null;
        return CounterRate.Between(before, now, elapsed) is { } rate ? ewma.Update(rate, elapsed) : ewma.Value;
    }

    private static double? Smooth(ref Ewma ewma, double? sample, TimeSpan elapsed) =>
        sample is { } s ? ewma.Update(s, elapsed) : null;

    // A ratio outside 0..1 is garbage from the engine; it is dropped rather than clamped into a plausible lie.
    private static double? Ratio(double? value) => value is >= 0 and <= 1 ? value : null;
}
