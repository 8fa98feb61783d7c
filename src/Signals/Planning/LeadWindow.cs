namespace Headroom.Signals.Planning;

/// <summary>
/// Prompt work served over the last lead time, exactly: its mean rate and its index of dispersion per cycle, from
/// running sums over a sliding window, so that a lead time of silence reads as none (which an average that decays
/// never does, and scale to zero waits on).
/// </summary>
public sealed class LeadWindow
{
    private readonly Queue<(double End, double Rate, double Seconds)> _cycles = new();
    private double _clock;
    private double _work;
    private double _squares;
    private double _seconds;

    /// <summary>Mean prompt tokens per second over the window; 0 when it holds no cycle.</summary>
    public double MeanRate => _seconds > 0 ? Math.Max(0, _work / _seconds) : 0;

    /// <summary>Variance of the prompt tokens of one cycle over their mean, in tokens; 0 when nothing was served.</summary>
    public double Dispersion
    {
        get
        {
            var mean = MeanRate;
            if (!(mean > 0)) return 0;
            var variance = Math.Max(0, _squares / _seconds - mean * mean);
            return variance * (_seconds / _cycles.Count) / mean;
        }
    }

    /// <summary>Adds a cycle of <paramref name="seconds"/> that served <paramref name="rate"/> tokens/s, and forgets cycles that ended more than <paramref name="lead"/> ago.</summary>
    public void Add(double rate, double seconds, TimeSpan lead)
    {
        _clock += Math.Max(0, seconds);
        if (seconds > 0)
        {
            _cycles.Enqueue((_clock, rate, seconds));
            Accumulate(rate, seconds, 1);
        }
        while (_cycles.TryPeek(out var oldest) && oldest.End <= _clock - lead.TotalSeconds)
        {
            _cycles.Dequeue();
            Accumulate(oldest.Rate, oldest.Seconds, -1);
        }
        // Sums that add and take away drift; an empty window starts them again from nothing.
        if (_cycles.Count == 0) _work = _squares = _seconds = 0;
    }

    private void Accumulate(double rate, double seconds, int sign)
    {
        _work += sign * rate * seconds;
        _squares += sign * rate * rate * seconds;
        _seconds += sign * seconds;
    }
}
