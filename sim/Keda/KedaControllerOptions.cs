using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

/// <summary>Settings of the KEDA model that are not in the ScaledObject.</summary>
public sealed record KedaControllerOptions
{
    /// <summary>The HPA controller's settings (kube-controller-manager flags); its SyncPeriod paces the HPA's syncs.</summary>
    public HpaControllerOptions Hpa { get; init; } = new();

    /// <summary>metadata.creationTimestamp, which initialCooldownPeriod counts from; unset: just before the first tick, as the operator starts polling right after creation.</summary>
    public TimeSpan? CreatedAt { get; init; }

    /// <summary>When the HPA's first sync comes after KEDA's first poll; the two loops are not aligned in a cluster.</summary>
    public TimeSpan HpaSyncOffset { get; init; } = TimeSpan.Zero;
}
