namespace Headroom.Sim.Replay;

/// <summary>
/// The replay's clock: it reads the simulated instant the replay last set, never the wall clock, so everything the
/// server times (staleness, snapshot times, refit due times) runs on simulated time without waiting.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    /// <summary>The simulated instant.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>A clock stopped at <paramref name="now"/>.</summary>
    public static SimulatedClock At(DateTimeOffset now) => new() { Now = now };
}
