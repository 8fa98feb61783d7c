using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources;

/// <summary>Reads the raw, engine-neutral state of one workload's pods at this moment.</summary>
public interface IWorkloadSource
{
    /// <summary>Observes the workload now. Throws when the source cannot answer; never invents values.</summary>
    ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken);
}
