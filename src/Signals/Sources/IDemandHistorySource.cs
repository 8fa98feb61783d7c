using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources;

/// <summary>A source that keeps the past, so that a restarted adapter can load demand history instead of waiting for it.</summary>
public interface IDemandHistorySource
{
    /// <summary>
    /// Generated tokens per second of the workload, one point per step from <paramref name="start"/> to
    /// <paramref name="end"/>: each the start of a step and the mean over it. Steps with no data are left out.
    /// Null when the workload's source keeps no history.
    /// </summary>
    Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
        WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken);

    /// <summary>The history <paramref name="source"/> keeps, or null when it keeps none.</summary>
    static Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadFrom(IWorkloadSource source,
        WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        source is IDemandHistorySource history
            ? history.LoadDemandAsync(workload, start, end, step, cancellationToken)
            : Task.FromResult<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?>(null);
}
