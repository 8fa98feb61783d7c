using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Support;

/// <summary>A source that answers each observation of a fixed stream in turn; a null entry is a failed observation.</summary>
public sealed class ObservationStream(IReadOnlyList<WorkloadObservation?> observations) : IWorkloadSource
{
    private int _next;

    /// <inheritdoc />
    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        if (index >= observations.Count) throw new InvalidOperationException($"the stream has {observations.Count} observations; cycle {index + 1} asked for one more");
        return observations[index] is { } observation
            ? ValueTask.FromResult(observation)
            : ValueTask.FromException<WorkloadObservation>(new HttpRequestException($"scripted outage at observation {index}"));
    }
}
