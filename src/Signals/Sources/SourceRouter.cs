using Headroom.Signals.Discovery;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources;

/// <summary>
/// Sends each workload to the source its config names; a workload whose replicas span several pods (<c>groupBy</c>)
/// gets its pods grouped into replicas there (<see cref="ReplicaGroups"/>), whichever source read them.
/// </summary>
public sealed class SourceRouter(IReadOnlyDictionary<SourceKind, IWorkloadSource> sources) : IWorkloadSource, IDemandHistorySource, IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var source in sources.Values.OfType<IAsyncDisposable>()) await source.DisposeAsync();
    }

    /// <inheritdoc />
    public async ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        if (!sources.TryGetValue(workload.Source, out var source))
            throw new InvalidOperationException($"no {workload.Source.ToString().ToLowerInvariant()} source is configured for workload {workload.Namespace}/{workload.Name}");
        var observation = await source.ObserveAsync(workload, cancellationToken);
        return workload.GroupBy is { } groupBy ? ReplicaGroups.Apply(groupBy, observation) : observation;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
        WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        sources.TryGetValue(workload.Source, out var source)
            ? IDemandHistorySource.LoadFrom(source, workload, start, end, step, cancellationToken)
            : Task.FromResult<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?>(null);
}
