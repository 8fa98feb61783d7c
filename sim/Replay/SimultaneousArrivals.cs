namespace Headroom.Sim.Replay;

/// <summary>
/// Whether a trace's timestamps look rounded to a tick: when many of its requests arrive at the same instant as the one
/// before them, the replay serves each instant's requests at once, as the trace records them, and a group of long
/// prompts that lands together waits behind itself on any fleet. Every policy of a comparison meets the same groups.
/// </summary>
public static class SimultaneousArrivals
{
    /// <summary>Share of the trace's requests at the instant of the one before them from which the note is given.</summary>
    public const double NotedShare = 0.1;

    /// <summary>A note for the user when the trace of <paramref name="summary"/> has many requests at shared instants; null otherwise.</summary>
    public static string? Note(ReplaySummary summary)
    {
        var rows = summary.TraceRows;
        if (rows < 2 || summary.ArrivalInstants <= 0) return null;
        var shared = (rows - summary.ArrivalInstants) / (double)rows;
        if (shared < NotedShare) return null;
        return FormattableString.Invariant(
            $"{100 * shared:F0}% of the trace's {rows} requests arrive at the same instant as the one before them ({summary.ArrivalInstants} instants; up to {summary.MostRequestsAtOneInstant} at one). Its timestamps look rounded to a tick: the replay serves each instant's requests at once as the trace records them, and a group of long prompts that lands together waits behind itself on any fleet.");
    }
}
