namespace Headroom.Fleet;

/// <summary>What the event-driven engine needs of the fleet's rules, in seconds.</summary>
/// <param name="ClientTimeout">A request still waiting for a batch slot after this long is dropped.</param>
/// <param name="AdmissionTick">The scheduler's tick: a waiting request is admitted at the first tick after room frees.</param>
internal readonly record struct EventRules(double ClientTimeout, double AdmissionTick)
{
    /// <summary>The tick <paramref name="at"/> falls in (ticks start at 0); a hair before a tick counts as that tick, against rounding.</summary>
    public long TickOf(double at) => (long)Math.Floor(at / AdmissionTick + 1e-9);

    /// <summary>The first tick at or after <paramref name="at"/>.</summary>
    public double NextTick(double at) => AdmissionTick > 0 ? Math.Max(at, Math.Ceiling(at / AdmissionTick - 1e-9) * AdmissionTick) : at;
}
