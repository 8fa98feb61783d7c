using System.Globalization;
using System.Text;
using Headroom.Fleet;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Demo;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Demo;

/// <summary>A demo fleet on a manual clock, with helpers to drive it and to describe what it reports.</summary>
internal sealed class DemoFleetScenario
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    public DemoFleetScenario(DemoFleetOptions options)
    {
        Options = options;
        Clock = new ManualTimeProvider(Start);
        Fleet = new DemoFleet(options, Clock);
    }

    public DemoFleetOptions Options { get; }

    public ManualTimeProvider Clock { get; }

    public DemoFleet Fleet { get; }

    public TimeSpan Elapsed => Clock.GetUtcNow() - Start;

    public static DemoFleetScenario Default(int seed) => new(DemoFleetOptions.Default(seed));

    public static DemoFleetScenario Single(DemoWorkload workload, int seed = 1) =>
        new(new DemoFleetOptions { Seed = seed, Workloads = [workload] });

    /// <summary>A workload without diurnal swing or bursts, so its offered load is known.</summary>
    public static DemoWorkload Steady(double requestsPerSecond, int replicas) => new()
    {
        Name = "steady",
        BaseRequestsPerSecond = requestsPerSecond,
        DiurnalAmplitude = 0,
        PromptTokens = new LogNormal(Mean: 500, Sigma: 0.6, Min: 1, Max: 100_000),
        OutputTokens = new LogNormal(Mean: 200, Sigma: 0.6, Min: 1, Max: 100_000),
        Model = new ModelProfile("steady", GpusPerReplica: 1, DecodeStepBaseMs: 5.8, DecodeStepPerSequenceMs: 0.365,
            PrefillTokensPerSecond: 30_000, PrefillChunkTokens: 8_192, MaxBatch: 64, KvCacheTokens: 65_536),
        ColdStart = new DemoColdStart(
            Scheduling: new LogNormal(Mean: 5, Sigma: 0.5, Min: 1, Max: 20),
            ImagePullAndInit: new LogNormal(Mean: 40, Sigma: 0.5, Min: 10, Max: 100),
            ModelLoadAndWarmUp: new LogNormal(Mean: 60, Sigma: 0.5, Min: 20, Max: 150)),
        MinReplicas = replicas,
        MaxReplicas = replicas,
        InitialReplicas = replicas,
        TokensPerSecondPrior = 2_000,
    };

    public WorkloadSpec Spec(string name) => Fleet.WorkloadSpecs.Single(s => s.Name == name);

    public async Task<WorkloadObservation> ObserveAsync(string workload) =>
        await Fleet.ObserveAsync(Spec(workload), CancellationToken.None);

    /// <summary>Moves the clock in <paramref name="step"/>s for <paramref name="duration"/>, observing each workload (or <paramref name="only"/> one) every time.</summary>
    public async Task<List<WorkloadObservation>> RunAsync(TimeSpan duration, TimeSpan step, string? only = null)
    {
        var observations = new List<WorkloadObservation>();
        for (var at = step; at <= duration; at += step)
        {
            Clock.Advance(step);
            foreach (var spec in Fleet.WorkloadSpecs.Where(s => only is null || s.Name == only))
            {
                observations.Add(await Fleet.ObserveAsync(spec, CancellationToken.None));
            }
        }
        return observations;
    }

    public static double GenerationTotal(WorkloadObservation observation) =>
        observation.Pods.Sum(p => p.Engine.GenerationTokensTotal ?? 0);

    public static double PromptTotal(WorkloadObservation observation) =>
        observation.Pods.Sum(p => p.Engine.PromptTokensTotal ?? 0);

    public static double Waiting(WorkloadObservation observation) =>
        observation.Pods.Sum(p => p.Engine.RequestsWaiting ?? 0) + (observation.GatewayQueue ?? 0);

    /// <summary>Everything an observation says, as text, so two observations compare in one assertion.</summary>
    public static string Describe(WorkloadObservation observation)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{observation.Timestamp:O} gateway={observation.GatewayQueue}\n");
        foreach (var pod in observation.Pods)
        {
            var e = pod.Engine;
            text.Append(CultureInfo.InvariantCulture,
                $"{pod.Name} {pod.Node} {pod.Ready} {string.Join(',', pod.Labels.OrderBy(l => l.Key))} " +
                $"{e.GenerationTokensTotal:R} {e.PromptTokensTotal:R} {e.RequestsWaiting} {e.RequestsRunning} {e.KvCacheUsage:R} {e.GpuDutyCycle:R}\n");
        }
        foreach (var l in observation.Lifecycles)
        {
            text.Append(CultureInfo.InvariantCulture, $"{l.Name} {l.Created:O} {l.Scheduled:O} {l.Initialized:O} {l.ContainersReady:O} {l.Ready:O}\n");
        }
        return text.ToString();
    }
}
