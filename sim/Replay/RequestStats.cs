using Headroom.Fleet;

namespace Headroom.Sim.Replay;

/// <summary>
/// What happened to the requests: totals and quantiles for the summary, and per-window figures for the timeline (among
/// them the attainable requests that missed the objective, late or dropped).
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
    private long _windowCompleted, _windowDropped, _windowMissed;
    private double _windowTtftSum, _windowTtftMax;

    public void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens)
    {
        CompletedCount++;
        var ttft = firstToken - arrival;
        Ttft.Add(ttft);
        QueueWait.Add(started - arrival);
        if (outputTokens > 1) Tpot.Add((finished - firstToken) / (outputTokens - 1));
        if (promptTokens <= attainablePrompt)
        {
            if (ttft > sloTtftSeconds) _windowMissed++;
            else
            {
                WithinSlo++;
                if (arrival >= firstColdStart) WithinSloAfterFirstColdStart++;
            }
        }
        _windowCompleted++;
        _windowTtftSum += ttft;
        _windowTtftMax = Math.Max(_windowTtftMax, ttft);
    }

    public void Dropped(double arrival, double at, int promptTokens)
    {
        DroppedCount++;
        _windowDropped++;
        if (promptTokens <= attainablePrompt) _windowMissed++;
    }

    /// <summary>
    /// Completions, drops, mean and max TTFT of requests completed in the window, and the attainable requests that
    /// missed the objective in it (completed late or dropped); resets it.
    /// </summary>
    public RequestWindow TakeWindow()
    {
        var result = new RequestWindow(_windowCompleted, _windowDropped, _windowCompleted > 0 ? _windowTtftSum / _windowCompleted : null,
            _windowCompleted > 0 ? _windowTtftMax : null, _windowMissed);
        _windowCompleted = _windowDropped = _windowMissed = 0;
        _windowTtftSum = _windowTtftMax = 0;
        return result;
    }
}

/// <summary>What happened to requests within one timeline period (<see cref="RequestStats.TakeWindow"/>).</summary>
internal readonly record struct RequestWindow(long Completed, long Dropped, double? MeanTtft, double? MaxTtft, long Missed);
