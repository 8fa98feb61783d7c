using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources;

/// <summary>Sends each workload to the source its config names.</summary>
public sealed class SourceRouter(IReadOnlyDictionary<SourceKind, IWorkloadSource> sources) : IWorkloadSource, IDemandHistorySource, IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var source in sources.Values.OfType<IAsyncDisposable>()) await source.DisposeAsync();
    }

    /// <inheritdoc />
    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken) =>
        sources.TryGetValue(workload.Source, out var source)
            ? source.ObserveAsync(workload, cancellationToken)
            : throw new InvalidOperationException($"no {workload.Source.ToString().ToLowerInvariant()} source is configured for workload {workload.Namespace}/{workload.Name}");

    /// <inheritdoc />
    public Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
        WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        sources.TryGetValue(workload.Source, out var source)
            ? IDemandHistorySource.LoadFrom(source, workload, start, end, step, cancellationToken)
            : Task.FromResult<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?>(null);
}
