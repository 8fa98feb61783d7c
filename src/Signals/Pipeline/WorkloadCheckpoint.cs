using Headroom.Signals.Planning;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// What one workload's tracker has learned and a restart or another replica should not learn again: the capacity
/// estimates and the dispatch factor that left the prior, the cold starts seen and the demand history the forecaster refits on. The fitted
/// forecast model is not kept; the next owner refits it from the history at once.
/// </summary>
/// <param name="Version">Format version; a reader refuses any other.</param>
/// <param name="Namespace">The workload's namespace.</param>
/// <param name="Workload">The workload's name.</param>
/// <param name="SavedAt">When the state was taken, on the pipeline's clock.</param>
/// <param name="PrefillTokensPerSecond">Learned prefill capacity per replica; null while the prior answers.</param>
/// <param name="DecodeTokensPerSecond">Learned decode capacity per replica; null while the prior answers.</param>
/// <param name="ColdStarts">Cold starts seen, oldest first.</param>
/// <param name="Demand">Demand history at the forecast step; null when none is kept yet.</param>
/// <param name="DispatchLoadFactor">The dispatch factor learned from the engines' waiting; null while the prior answers (and in checkpoints written before it was kept).</param>
public sealed record WorkloadCheckpoint(
    int Version,
    string Namespace,
    string Workload,
    DateTimeOffset SavedAt,
    double? PrefillTokensPerSecond,
    double? DecodeTokensPerSecond,
    IReadOnlyList<ColdStartEntry> ColdStarts,
    DemandSeries? Demand,
    double? DispatchLoadFactor = null)
{
    /// <summary>The version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Checks a checkpoint read from outside; returns the problems found, empty when it can be restored.</summary>
    public IReadOnlyList<string> Problems(string expectedNamespace, string expectedWorkload)
    {
        var problems = new List<string>();
        if (Version != CurrentVersion) problems.Add($"version {Version} is not {CurrentVersion}");
        if (Namespace != expectedNamespace || Workload != expectedWorkload)
            problems.Add($"it belongs to {Namespace}/{Workload}, not {expectedNamespace}/{expectedWorkload}");
        if (PrefillTokensPerSecond is { } p && !(double.IsFinite(p) && p > 0)) problems.Add($"prefill capacity {p} is not a positive number");
        if (DecodeTokensPerSecond is { } d && !(double.IsFinite(d) && d > 0)) problems.Add($"decode capacity {d} is not a positive number");
        if (DispatchLoadFactor is { } k && !(k >= DispatchEstimator.LeastFactor && k <= DispatchEstimator.LargestFactor))
            problems.Add($"dispatch factor {k} is not between {DispatchEstimator.LeastFactor} and {DispatchEstimator.LargestFactor}");
        if (ColdStarts is null) problems.Add("it has no cold-start list");
        else if (ColdStarts.FirstOrDefault(c => c.Problem() is not null) is { } bad) problems.Add($"cold start of pod {bad.Pod}: {bad.Problem()}");
        if (Demand?.Problem() is { } demand) problems.Add($"demand history: {demand}");
        return problems;
    }
}
