namespace Headroom.Adapter.Tests.Support;

/// <summary>
/// A clock that moves only when the test moves it, and fires the timers due by then: a host's periodic loops (the
/// pipeline cycle, the refit rounds) run once per step the test takes, at the instants it chooses.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<SteppedTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on and runs the callbacks of the timers that fell due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        var due = new List<SteppedTimer>();
        lock (_gate)
        {
            _now += by;
            foreach (var timer in _timers)
            {
                while (timer.Due is { } at && at <= _now)
                {
                    due.Add(timer);
                    timer.Due = timer.Period > TimeSpan.Zero ? at + timer.Period : null;
                }
            }
        }
        foreach (var timer in due) timer.Fire();
    }

    private sealed class SteppedTimer(SteppedClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
