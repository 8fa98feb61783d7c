using Headroom.Fleet;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Demo;

/// <summary>One simulated inference workload of the demo fleet: its traffic, its engine's capacity and its pods' start-up.</summary>
public sealed record DemoWorkload
{
    /// <summary>Workload and Deployment name; pods carry labels <c>app</c> and <c>workload</c> with this value.</summary>
    public required string Name { get; init; }

    /// <summary>Mean request arrival rate per second, around which the diurnal cycle swings.</summary>
    public required double BaseRequestsPerSecond { get; init; }

    /// <summary>Relative swing of the diurnal cycle: the rate moves between base × (1 - amplitude) and base × (1 + amplitude).</summary>
    public double DiurnalAmplitude { get; init; } = 0.5;

    /// <summary>Random traffic bursts; null for none.</summary>
    public DemoBursts? Bursts { get; init; }

    /// <summary>Prompt length of a request, in tokens.</summary>
    public required LogNormal PromptTokens { get; init; }

    /// <summary>Output length of a request, in tokens.</summary>
    public required LogNormal OutputTokens { get; init; }

    /// <summary>The engine each replica runs, in the fleet model's terms (as <c>fleet.yaml</c> gives them to the simulator).</summary>
    public required ModelProfile Model { get; init; }

    /// <summary>The engine's container image, as a pod spec names it: the version the pods report is read off its tag.</summary>
    public string Image { get; init; } = "vllm/vllm-openai:v0.10.2";

    /// <summary>Durations of a new pod's start-up phases.</summary>
    public required DemoColdStart ColdStart { get; init; }

    /// <summary>Fewest replicas the demo's own autoscaler keeps.</summary>
    public int MinReplicas { get; init; } = 1;

    /// <summary>Most replicas the demo's own autoscaler runs.</summary>
    public int MaxReplicas { get; init; } = 8;

    /// <summary>Replicas at start, all already ready; null sizes the fleet to the starting load.</summary>
    public int? InitialReplicas { get; init; }

    /// <summary>Clients give up on requests that waited this long without being admitted to a batch.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Tokens-per-second prior put in the workload's spec; deliberately off the true capacity, so there is something to learn.</summary>
    public required double TokensPerSecondPrior { get; init; }

    internal WorkloadSpec ToSpec(double coldStartCompression) => new()
    {
        Name = Name,
        Namespace = DemoFleet.Namespace,
        Deployment = Name,
        Selector = $"app={Name}",
        Engine = EngineKind.Vllm,
        TokensPerSecondPerReplica = TokensPerSecondPrior,
        ColdStartPrior = TimeSpan.FromSeconds(Math.Ceiling(ColdStart.MeanSeconds / coldStartCompression)),
    };

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("A demo workload needs a name.");
        }
        if (string.IsNullOrWhiteSpace(Image))
        {
            throw new ArgumentException($"Demo workload '{Name}' needs a container image.");
        }
        if (!(BaseRequestsPerSecond >= 0) || !(DiurnalAmplitude is >= 0 and <= 1)
            || !(Model.DecodeStepBaseMs > 0) || !(Model.DecodeStepPerSequenceMs >= 0) || !(Model.PrefillTokensPerSecond > 0)
            || Model.PrefillChunkTokens < 1 || Model.MaxBatch < 1 || Model.KvCacheTokens < 1 || MinReplicas < 0 || MinReplicas > MaxReplicas
            || InitialReplicas is < 0 || ClientTimeout <= TimeSpan.Zero || !(TokensPerSecondPrior > 0))
        {
            throw new ArgumentException($"Demo workload '{Name}' has an out-of-range setting.");
        }
        PromptTokens.Validate($"Prompt tokens of demo workload '{Name}'");
        OutputTokens.Validate($"Output tokens of demo workload '{Name}'");
        Bursts?.Validate(Name);
        ColdStart.Validate(Name);
    }
}
