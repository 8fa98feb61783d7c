using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources;

/// <summary>Sends each workload to the source its config names.</summary>
public sealed class SourceRouter(IReadOnlyDictionary<SourceKind, IWorkloadSource> sources) : IWorkloadSource
{
    /// <inheritdoc />
    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken) =>
        sources.TryGetValue(workload.Source, out var source)
            ? source.ObserveAsync(workload, cancellationToken)
            : throw new InvalidOperationException($"no {workload.Source.ToString().ToLowerInvariant()} source is configured for workload {workload.Namespace}/{workload.Name}");
}
