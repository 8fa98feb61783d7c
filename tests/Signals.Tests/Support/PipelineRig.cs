using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Support;

/// <summary>
/// A signal pipeline over a scripted source and a manual clock. Each cycle runs at the clock's current time,
/// then the clock moves on by the pipeline interval.
/// </summary>
public sealed class PipelineRig
{

    public PipelineRig(SignalOptions options, params WorkloadSpec[] workloads)
        : this(options, NullLogger<SignalPipeline>.Instance, workloads)
    {
    }

    public PipelineRig(SignalOptions options, ILogger<SignalPipeline> logger, params WorkloadSpec[] workloads)
    {
        Options = options;
        Pipeline = new SignalPipeline(workloads, Source, options, Time, logger);
    }

    public SignalPipeline Pipeline { get; }

    public ManualTimeProvider Time { get; } = new();

    public ScriptedSource Source { get; } = new();

    public SignalOptions Options { get; }

    /// <summary>Scripts one observation of <paramref name="workload"/> taken now.</summary>
    public PipelineRig Observe(string workload, double? gatewayQueue, params PodReading[] pods) =>
        Observe(workload, gatewayQueue, [], pods);

    /// <summary>Scripts one observation of <paramref name="workload"/> taken now, with pod lifecycles.</summary>
    public PipelineRig Observe(string workload, double? gatewayQueue, IReadOnlyList<PodLifecycle> lifecycles, params PodReading[] pods)
    {
        Source.Then(workload, new WorkloadObservation(Time.GetUtcNow(), pods, lifecycles, gatewayQueue));
        return this;
    }

    /// <summary>Runs the scripted cycle, then advances the clock by one interval.</summary>
    public async Task<CycleResult> CycleAsync()
    {
        var result = await Pipeline.RunCycleAsync(CancellationToken.None);
        Time.Advance(Options.Interval);
        return result;
    }

    /// <summary>Scripts and runs a cycle of a single workload and returns its signals.</summary>
    public async Task<WorkloadSignals> CycleAsync(string workload, double? gatewayQueue, params PodReading[] pods)
    {
        Observe(workload, gatewayQueue, pods);
        var result = await CycleAsync();
        return result.Snapshot.Workloads.Single(w => w.Spec.Id == workload);
    }
}
