namespace Headroom.Fleet;

/// <summary>How the fleet model advances time.</summary>
public enum FleetTiming
{
    /// <summary>From event to event (an arrival, a prefill ending, a sequence finishing, a replica becoming ready, a deadline); an idle replica costs nothing.</summary>
    Events,

    /// <summary>In fixed steps over every replica, admitting at each step's start: the reference model, kept for one release.</summary>
    Steps,
}
