namespace Headroom.Fleet;

/// <summary>What every replica of a fleet runs and how long requests and removed replicas are given.</summary>
/// <param name="Model">The engine each replica runs.</param>
/// <param name="ClientTimeout">A request still waiting for a batch slot after this long is dropped (the client gave up).</param>
/// <param name="TerminationGrace">A removed replica finishes its running requests for this long; what is left is dropped.</param>
public sealed record FleetRules(ModelProfile Model, TimeSpan ClientTimeout, TimeSpan TerminationGrace);
