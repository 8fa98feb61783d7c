using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

/// <summary>What KEDA's scale executor did in one poll (RequestScale).</summary>
public enum KedaAction
{
    /// <summary>Nothing to do.</summary>
    None,
    /// <summary>Active with 0 (or idle) replicas: scaled to minReplicaCount, at least 1 (scaleFromZeroOrIdle).</summary>
    Activated,
    /// <summary>Active with replicas: lastActiveTime set to now; the HPA scales.</summary>
    KeptActive,
    /// <summary>Active, but another trigger failed: nothing done, lastActiveTime not refreshed.</summary>
    PartialError,
    /// <summary>Inactive past the cooldown: scaled to idleReplicaCount or minReplicaCount (scaleToZeroOrIdle).</summary>
    Deactivated,
    /// <summary>Inactive, within the cooldown.</summary>
    CoolingDown,
    /// <summary>Inactive below minReplicaCount (no idleReplicaCount): scaled up to minReplicaCount.</summary>
    ScaledToMin,
    /// <summary>Inactive with a trigger failing: held, for the fallback (or until the error clears).</summary>
    HeldOnError,
}

/// <summary>One poll of KEDA's scale loop.</summary>
/// <param name="IsActive">Some trigger was active (getScaledObjectState).</param>
/// <param name="IsError">Some trigger failed.</param>
/// <param name="Action">What RequestScale did.</param>
/// <param name="Replicas">The scale target's replicas after the poll.</param>
public sealed record KedaPoll(bool IsActive, bool IsError, KedaAction Action, int Replicas);

/// <summary>One sync of the HPA KEDA generated, fed by KEDA's metrics server.</summary>
/// <param name="Decision">The HPA controller's decision.</param>
/// <param name="FallbackMetrics">Per HPA metric, whether KEDA answered with the fallback value.</param>
public sealed record KedaHpaSync(HpaDecision Decision, IReadOnlyList<bool> FallbackMetrics);

/// <summary>The outcome of one tick of the KEDA model.</summary>
/// <param name="DesiredReplicas">The scale target's replicas after everything due at this tick.</param>
/// <param name="Poll">KEDA's poll, when one was due.</param>
/// <param name="HpaSync">The HPA's sync, when one was due.</param>
public sealed record KedaDecision(int DesiredReplicas, KedaPoll? Poll, KedaHpaSync? HpaSync);
