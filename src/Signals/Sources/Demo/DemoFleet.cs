using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// A seeded, simulated fleet of LLM inference replicas for <c>--demo</c>: workloads in namespace <c>demo</c>
/// whose pods serve Poisson traffic on the simulator's fleet model (<see cref="Headroom.Fleet.FleetModel"/>) and are
/// scaled by a simple built-in autoscaler.
/// </summary>
/// <remarks>
/// Engine physics run on the real clock, because the pipeline turns counters into per-second rates on real
/// timestamps; only the slow processes, the diurnal cycle and pod start-up, are compressed. The fleet advances
/// lazily, in fixed steps, to the time of each observation, so the same seed and observation times give the same
/// observations however often the fleet is observed. Within a step the fleet model runs from event to event
/// (<see cref="Headroom.Fleet.FleetTiming.Events"/>), so an idle replica costs nothing.
/// </remarks>
public sealed class DemoFleet : IWorkloadSource
{
    /// <summary>Namespace of the demo fleet's pods.</summary>
    public const string Namespace = "demo";

    private const int PodsPerNode = 4;

    /// <summary>How far the fleet advances at a time: its arrivals are drawn per step, and its scheduler admits on each.</summary>
    internal static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    // A long silence (a paused debugger, a suspended laptop) skips ahead instead of replaying hours of traffic.
    private static readonly TimeSpan MaxCatchUp = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly WorkloadSimulation[] _simulations;
    private DateTimeOffset _clock;

    /// <summary>Creates the fleet, warm and sized for its starting load, at the time provider's current time.</summary>
    public DemoFleet(DemoFleetOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _time = time;
        _clock = time.GetUtcNow();
        var seeds = new Random(options.Seed);
        var nodes = new NodePool(PodsPerNode);
        _simulations = options.Workloads
            .Select(w => new WorkloadSimulation(w, options, nodes, _clock, new Random(seeds.Next())))
            .ToArray();
        WorkloadSpecs = SpecsOf(options);
    }

    /// <summary>Specs of the stock demo's workloads (<c>chat</c> and <c>code</c>), as <c>--demo</c> configures them.</summary>
    public static IReadOnlyList<WorkloadSpec> Workloads { get; } = SpecsOf(DemoFleetOptions.Default(seed: 0));

    /// <summary>Specs of this fleet's workloads.</summary>
    public IReadOnlyList<WorkloadSpec> WorkloadSpecs { get; }

    /// <inheritdoc />
    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        cancellationToken.ThrowIfCancellationRequested();
        var index = Array.FindIndex(_simulations, s => s.Spec.Name == workload.Name && s.Spec.Namespace == workload.Namespace);
        if (index < 0)
        {
            throw new ArgumentException($"The demo fleet has no workload {workload.Namespace}/{workload.Name}.", nameof(workload));
        }
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            AdvanceTo(now);
            return ValueTask.FromResult(_simulations[index].Observe(now));
        }
    }

    private static WorkloadSpec[] SpecsOf(DemoFleetOptions options) =>
        options.Workloads.Select(w => w.ToSpec(options.ColdStartCompression)).ToArray();

    private void AdvanceTo(DateTimeOffset now)
    {
        if (now - _clock > MaxCatchUp)
        {
            _clock = now - MaxCatchUp;
        }
        while (_clock + Step <= now)
        {
            foreach (var simulation in _simulations)
            {
                simulation.Step(_clock, Step.TotalSeconds);
            }
            _clock += Step;
        }
    }
}
