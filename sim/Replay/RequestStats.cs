using System.Runtime.CompilerServices;
using Headroom.Fleet;

namespace Headroom.Sim.Replay;

/// <summary>
/// What happened to the requests: totals and quantiles for the summary, and per-window figures for the timeline.
/// Requests within the objective are counted only among those whose prompt is at most <paramref name="attainablePrompt"/>
/// tokens, the attainable ones that SLO attainment is over: a longer prompt that met it by its prefix cache would
/// otherwise count in the numerator and not the denominator. Those that arrived from <paramref name="firstColdStart"/>
/// on are counted apart too, for the attainment after the first cold start.
/// </summary>
internal sealed class RequestStats(double sloTtftSeconds, double attainablePrompt, double firstColdStart = 0) : IRequestSink
{
    public LogHistogram Ttft { get; } = new();

    public LogHistogram QueueWait { get; } = new();

    public LogHistogram Tpot { get; } = new();

    public long CompletedCount { get; private set; }

    public long DroppedCount { get; private set; }

    public long WithinSlo { get; private set; }

    public long WithinSloAfterFirstColdStart { get; private set; }

    // Figures since the last TakeWindow.
    private long _windowCompleted, _windowDropped;
    private double _windowTtftSum, _windowTtftMax;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens)
    {
        CompletedCount++;
        var ttft = firstToken - arrival;
        Ttft.Add(ttft);
        QueueWait.Add(started - arrival);
        if (outputTokens > 1) Tpot.Add((finished - firstToken) / (outputTokens - 1));
        if (ttft <= sloTtftSeconds && promptTokens <= attainablePrompt)
        {
            WithinSlo++;
            if (arrival >= firstColdStart) WithinSloAfterFirstColdStart++;
        }
        _windowCompleted++;
        _windowTtftSum += ttft;
        _windowTtftMax = Math.Max(_windowTtftMax, ttft);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public void Dropped(double arrival, double at)
    {
        DroppedCount++;
        _windowDropped++;
    }

    /// <summary>Completions, drops, mean and max TTFT of requests completed in the window; resets it.</summary>
    public (long Completed, long Dropped, double? MeanTtft, double? MaxTtft) TakeWindow()
    {
        var result = (_windowCompleted, _windowDropped, _windowCompleted > 0 ? _windowTtftSum / _windowCompleted : (double?)null,
            _windowCompleted > 0 ? _windowTtftMax : (double?)null);
        _windowCompleted = _windowDropped = 0;
        _windowTtftSum = _windowTtftMax = 0;
        return result;
    }
}
