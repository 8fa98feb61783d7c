using Headroom.Fleet;

namespace Headroom.Sim.Replay;

/// <summary>
/// A <see cref="DisaggregatedFleet"/> as <see cref="ReplayDriver{TFleet}"/> runs it: arrivals go to its prefill
/// replicas. A struct, for the same reason as <see cref="DrivenFleet"/>.
/// </summary>
internal readonly struct DrivenDisaggregatedFleet(DisaggregatedFleet fleet) : IDrivenFleet
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
