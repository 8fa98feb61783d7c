namespace Headroom.Signals.Sources.Demo;

/// <summary>Settings of the simulated demo fleet.</summary>
public sealed record DemoFleetOptions
{
    /// <summary>Seed of every random stream; the same seed and the same observation times give the same observations.</summary>
    public required int Seed { get; init; }

    /// <summary>Simulated seconds of the diurnal cycle per real second; 240 plays a day in six minutes.</summary>
    public double TimeCompression { get; init; } = 240;

    /// <summary>Simulated seconds of pod start-up per real second; 10 turns minutes-long cold starts into seconds.</summary>
    public double ColdStartCompression { get; init; } = 10;

    /// <summary>How long the demo's own autoscaler must keep recommending fewer replicas before it removes any.</summary>
    public TimeSpan ScaleDownStabilization { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>The simulated workloads, all in namespace <c>demo</c>.</summary>
    public required IReadOnlyList<DemoWorkload> Workloads { get; init; }

    /// <summary>The stock demo: a chatty <c>chat</c> workload and a bursty, long-prompt <c>code</c> workload.</summary>
    public static DemoFleetOptions Default(int seed) => new()
    {
        Seed = seed,
        Workloads = [DemoWorkloadPresets.Chat, DemoWorkloadPresets.Code],
    };

    internal void Validate()
    {
        if (!(TimeCompression > 0) || !(ColdStartCompression > 0) || ScaleDownStabilization < TimeSpan.Zero)
        {
            throw new ArgumentException("Demo fleet compressions must be positive and the stabilization not negative.");
        }
        if (Workloads.Count == 0)
        {
            throw new ArgumentException("A demo fleet needs at least one workload.");
        }
        if (Workloads.Select(w => w.Name).Distinct(StringComparer.Ordinal).Count() != Workloads.Count)
        {
            throw new ArgumentException("Demo workload names must be unique.");
        }
        foreach (var workload in Workloads)
        {
            workload.Validate();
        }
    }
}
