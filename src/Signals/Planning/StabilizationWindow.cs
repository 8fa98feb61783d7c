namespace Headroom.Signals.Planning;

/// <summary>
/// The most replicas needed over a trailing window, so that scale-down waits until demand has stayed low for the
/// whole window (a burst that recurs within it finds its replicas). Monotonic deque: O(1) amortised per cycle.
/// </summary>
public sealed class StabilizationWindow
{
    private readonly LinkedList<(DateTimeOffset At, int Replicas)> _candidates = new();

    /// <summary>The most needed within <paramref name="window"/> before <paramref name="now"/>; 0 when nothing is recorded.</summary>
    public int Held(DateTimeOffset now, TimeSpan window)
    {
        while (_candidates.First is { } first && first.Value.At < now - window) _candidates.RemoveFirst();
        return _candidates.First?.Value.Replicas ?? 0;
    }

    /// <summary>Records what was needed at <paramref name="at"/>.</summary>
    public void Record(DateTimeOffset at, int replicas)
    {
        while (_candidates.Last is { } last && last.Value.Replicas <= replicas) _candidates.RemoveLast();
        _candidates.AddLast((at, replicas));
    }
}
