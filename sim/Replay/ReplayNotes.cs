namespace Headroom.Sim.Replay;

/// <summary>
/// The notes a replay's reader needs before its figures, in the order stderr and report.html give them: how the trace's
/// requests arrive, whether even the oracle met the objective (both from the first replay, since every policy
/// replays the same trace against the same oracle), and each policy that its own maximum held.
/// </summary>
public static class ReplayNotes
{
    /// <summary>The notes for <paramref name="summaries"/>, replays of one trace; the report's HTML id or class for each.</summary>
    public static IEnumerable<ReplayNote> For(IReadOnlyList<ReplaySummary> summaries)
    {
        if (summaries.Count == 0) yield break;
        if (SimultaneousArrivals.Note(summaries[0]) is { } arrivals) yield return new ReplayNote(arrivals, "id", "arrivals");
        if (Feasibility.Note(summaries[0]) is { } feasibility) yield return new ReplayNote(feasibility, "id", "feasibility");
        foreach (var summary in summaries)
        {
            if (MaxReplicasNote.Note(summary) is { } capped) yield return new ReplayNote(capped, "class", "max-replicas");
        }
    }
}

/// <summary>One note: its text, and the HTML attribute (id or class) and value the report marks it with.</summary>
public sealed record ReplayNote(string Text, string Attribute, string Name);
