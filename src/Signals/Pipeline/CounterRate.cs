using System.Runtime.CompilerServices;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// Per-second rate of a monotonic counter between two readings. A counter that went down was reset
/// (the process restarted), so, as Prometheus does, the increase is everything counted since the reset.
/// </summary>
public static class CounterRate
{
    /// <summary>The rate, or null when the interval is not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
    public static double? Between(double previous, double current, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero) return null;
        return Increase(previous, current) / elapsed.TotalSeconds;
    }

    /// <summary>What the counter counted between the two readings: everything since the reset when it went down.</summary>
    public static double Increase(double previous, double current) => current >= previous ? current - previous : current;
}
