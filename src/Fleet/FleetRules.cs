namespace Headroom.Fleet;

/// <summary>What every replica of a fleet runs and how long requests and removed replicas are given.</summary>
/// <param name="Model">The engine each replica runs.</param>
/// <param name="ClientTimeout">A request still waiting for a batch slot after this long is dropped (the client gave up).</param>
/// <param name="TerminationGrace">A removed replica finishes its running requests for this long; what is left is dropped.</param>
/// <param name="AdmissionTick">
/// With event timing, the scheduler's tick: a request that waits for room is admitted at the first tick after room
/// frees, as the step model admits at each step's start (zero: at once). The step model admits at its own steps.
/// </param>
public sealed record FleetRules(ModelProfile Model, TimeSpan ClientTimeout, TimeSpan TerminationGrace, TimeSpan AdmissionTick = default)
{
    /// <summary>How the router picks a replica for each request.</summary>
    public RequestRouting Routing { get; init; }
}
