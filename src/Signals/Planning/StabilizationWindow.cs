namespace Headroom.Signals.Planning;

/// <summary>
/// The most replicas needed over a trailing window, so that scale-down waits until demand has stayed low for the
/// whole window (a burst that recurs within it finds its replicas). A monotonic deque in a ring buffer: O(1)
/// amortised per cycle and no allocation once it has grown to the window's length.
/// </summary>
public sealed class StabilizationWindow
{
    private (DateTimeOffset At, int Replicas)[] _ring = new (DateTimeOffset, int)[16];
    private int _head;
    private int _count;

    /// <summary>The most needed within <paramref name="window"/> before <paramref name="now"/>; 0 when nothing is recorded.</summary>
    public int Held(DateTimeOffset now, TimeSpan window)
    {
        while (_count > 0 && _ring[_head].At < now - window)
        {
            _head = (_head + 1) % _ring.Length;
            _count--;
        }
        return _count > 0 ? _ring[_head].Replicas : 0;
    }

    /// <summary>Records what was needed at <paramref name="at"/>.</summary>
    public void Record(DateTimeOffset at, int replicas)
    {
        // Earlier entries that need no more than this one can never be the maximum again.
        while (_count > 0 && _ring[(_head + _count - 1) % _ring.Length].Replicas <= replicas) _count--;
        if (_count == _ring.Length) Grow();
        _ring[(_head + _count) % _ring.Length] = (at, replicas);
        _count++;
    }

    private void Grow()
    {
        var larger = new (DateTimeOffset, int)[2 * _ring.Length];
        for (var i = 0; i < _count; i++) larger[i] = _ring[(_head + i) % _ring.Length];
        _ring = larger;
        _head = 0;
    }
}
