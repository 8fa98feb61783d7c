using Headroom.Signals.Workloads;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// Which workloads this replica observes when several share them, and where their learned state comes from and
/// goes. Without one, the pipeline observes every workload and keeps its state in memory only.
/// </summary>
public interface IWorkloadOwnership
{
    /// <summary>Whether this replica observes the workload now.</summary>
    bool Owns(WorkloadSpec workload);

    /// <summary>Time between two checkpoints of one owned workload.</summary>
    TimeSpan CheckpointInterval { get; }

    /// <summary>The state learned by the workload's previous owner, or null to start from the priors.</summary>
    Task<WorkloadCheckpoint?> TakeOverAsync(WorkloadSpec workload, CancellationToken cancellationToken);

    /// <summary>Hands a checkpoint over to be stored; it must not wait for the store.</summary>
    void Save(WorkloadCheckpoint checkpoint);
}
