using Headroom.Fleet;

namespace Headroom.Sim.Replay;

/// <summary>
/// What <see cref="ReplayDriver{TFleet}"/> needs of a fleet: to route an arrival, to advance by a step or to an
/// instant, and to say when nothing is left in it.
/// </summary>
internal interface IDrivenFleet
{
    /// <summary>Whether any request is still held, queued, running or on its way.</summary>
    bool Idle { get; }

    /// <summary>Routes a request that arrived at <paramref name="arrival"/>, at <paramref name="now"/>; <paramref name="blocks"/> are its prompt's for the prefix cache.</summary>
    void Arrive(double arrival, int prompt, int output, double now, PromptBlocks blocks);

    /// <summary>Step timing: advances the fleet by one step from <paramref name="t"/>.</summary>
    void Step(double t, double dt);

    /// <summary>Event timing: handles every event due by <paramref name="until"/>, stopping early once idle when <paramref name="stopWhenIdle"/>; returns when it stopped.</summary>
    double RunUntil(double until, bool stopWhenIdle);
}
