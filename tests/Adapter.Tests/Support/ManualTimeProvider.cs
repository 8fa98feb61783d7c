namespace Headroom.Adapter.Tests.Support;

/// <summary>A clock that moves only when told; timers still run on real time, so review timeouts behave.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
