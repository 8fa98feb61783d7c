using Headroom.Fleet;

namespace Headroom.Sim.Fleet;

/// <summary>The simulated fleet: what each replica is, how long one takes to start, and how the simulation steps.</summary>
/// <param name="Model">The engine each replica runs.</param>
/// <param name="ColdStart">Time from a replica's creation until it is ready.</param>
/// <param name="Step">The step model's time step (engine state advances in steps, admission waits for a step's start); with event
/// timing, signal cycles and syncs still fall on whole steps.</param>
/// <param name="ClientTimeout">A request still waiting for a batch slot after this long is dropped (the client gave up).</param>
/// <param name="TerminationGrace">A removed replica finishes its running requests for this long; what is left is dropped.</param>
/// <param name="InitialReplicas">Ready replicas at time zero; null starts at the controller's minimum.</param>
/// <param name="Seed">Seed of the cold-start draws, so a run repeats exactly.</param>
/// <param name="Timing">How the fleet advances time: from event to event, or in <paramref name="Step"/>s (the reference model).</param>
/// <param name="PodsPerReplica">Pods that form one replica (a LeaderWorkerSet group: one leader, the rest workers); each pod's
/// cold start is drawn, and the group is ready when its slowest pod is.</param>
public sealed record FleetSpec(
    ModelProfile Model,
    ColdStartDistribution ColdStart,
    TimeSpan Step,
    TimeSpan ClientTimeout,
    TimeSpan TerminationGrace,
    int? InitialReplicas,
    int Seed,
    FleetTiming Timing = FleetTiming.Events,
    int PodsPerReplica = 1)
{
    /// <summary>Prefill and decode on separate replicas, when fleet.yaml has <c>disaggregation:</c>; null for one pool that does both.</summary>
    public DisaggregationSpec? Disaggregation { get; init; }

    /// <summary>How the router picks a replica for each request (for a prefill/decode fleet, a prefill replica).</summary>
    public RequestRouting Routing { get; init; }

    /// <summary>The 8B profile with a 90 s median and 180 s p90 cold start, a 100 ms step and a 60 s client timeout.</summary>
    public static FleetSpec Default { get; } = new(ModelProfile.Llama8BH100, new ColdStartDistribution(90, 180),
        TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), null, 1);

    /// <summary>The fleet model this spec describes, reporting to <paramref name="sink"/>, with <paramref name="warmReplicas"/> ready at time 0.</summary>
    public FleetModel Build(IRequestSink sink, int warmReplicas)
    {
        var fleet = new FleetModel(new FleetRules(Model, ClientTimeout, TerminationGrace, Step) { Routing = Routing }, new NumberedReplicas(ColdStart, Seed, PodsPerReplica), sink, Timing);
        fleet.AddWarm(warmReplicas, 0);
        return fleet;
    }

    /// <summary>
    /// The prefill/decode fleet this spec describes (each role on the same model and cold starts, on its own seeded
    /// stream), reporting to <paramref name="sink"/>, with the given replicas of each role ready at time 0.
    /// </summary>
    public DisaggregatedFleet BuildDisaggregated(IRequestSink sink, int warmPrefill, int warmDecode)
    {
        var disaggregation = Disaggregation ?? throw new InvalidOperationException("the fleet has no disaggregation section");
        var rules = new FleetRules(Model, ClientTimeout, TerminationGrace, Step);
        var fleet = new DisaggregatedFleet(rules with { Routing = Routing }, new NumberedReplicas(ColdStart, Seed, prefix: "prefill"), rules, new NumberedReplicas(ColdStart, Seed + 1, prefix: "decode"),
            disaggregation.Transfer, sink, Timing);
        fleet.Prefill.AddWarm(warmPrefill, 0);
        fleet.Decode.AddWarm(warmDecode, 0);
        return fleet;
    }
}
