namespace Headroom.Sim.Replay;

/// <summary>
/// Whether the objective is within reach on a replay's trace and fleet, as the clairvoyant oracle's replay shows: when
/// even the oracle misses it, every policy's attainment is read against the oracle's, and the note says where the
/// oracle's misses fall.
/// </summary>
public static class Feasibility
{
    /// <summary>A note for the user when the oracle of <paramref name="summary"/> misses the objective; null when it meets it or was not run.</summary>
    public static string? Note(ReplaySummary summary)
    {
        if (summary.OracleSloAttainment is not { } oracle || oracle >= Oracle.Attainment) return null;
        var missed = FormattableString.Invariant(
            $"Even the clairvoyant oracle meets only {100 * oracle:F2}% of attainable requests against an objective of {100 * Oracle.Attainment:F0}%.");
        var firstColdStart = FormattableString.Invariant($"the first cold start ({summary.FirstColdStartSeconds:F0} s)");
        return summary.OracleSloAttainmentAfterFirstColdStart switch
        {
            null => $"{missed} Every attainable request arrives within {firstColdStart}: before a replica ordered at the start could be ready.",
            >= Oracle.Attainment and var after => FormattableString.Invariant(
                $"{missed} Of the requests that arrive after {firstColdStart} it meets {100 * after:F2}%: most of its misses arrived before a replica ordered at the start could be ready. More replicas at the start (fleet.yaml initialReplicas) or a shorter cold start would serve them; slo_attainment_after_first_cold_start leaves them out."),
            var after => FormattableString.Invariant(
                $"{missed} It misses after {firstColdStart} too ({100 * after:F2}% met): read each policy's attainment against the oracle's rather than against the objective."),
        };
    }
}
