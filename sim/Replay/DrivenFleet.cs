using Headroom.Fleet;

namespace Headroom.Sim.Replay;

/// <summary>
/// A <see cref="FleetModel"/> as <see cref="ReplayDriver{TFleet}"/> runs it. A struct, so that the driver is compiled
/// for it and routes each arrival with a direct call rather than through the interface.
/// </summary>
internal readonly struct DrivenFleet(FleetModel fleet) : IDrivenFleet
{
    /// <inheritdoc />
    public bool Idle => fleet.Idle;

    /// <inheritdoc />
    public void Arrive(double arrival, int prompt, int output, double now, PromptBlocks blocks) => fleet.Arrive(arrival, prompt, output, now, blocks);

    /// <inheritdoc />
    public void Step(double t, double dt) => fleet.Step(t, dt);

    /// <inheritdoc />
    public double RunUntil(double until, bool stopWhenIdle) => fleet.RunUntil(until, stopWhenIdle);
}
