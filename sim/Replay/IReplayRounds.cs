namespace Headroom.Sim.Replay;

/// <summary>What a replay does at the instants <see cref="ReplayDriver{TFleet}"/> calls it at.</summary>
internal interface IReplayRounds
{
    /// <summary>A signal interval: the adapter's pipeline reads the fleet as it is at <paramref name="now"/>.</summary>
    void Cycle(double now);

    /// <summary>A sync: the controllers decide at <paramref name="now"/>, and the period before it is recorded.</summary>
    void Sync(double now);
}
