using Headroom.Signals.Engines;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Check;

/// <summary>What one observation of a workload showed.</summary>
/// <param name="Workload">The workload.</param>
/// <param name="Source">Where it was read from, as the table and the problems name it.</param>
/// <param name="Pods">Pods the source found, ready or not; null when the source could not answer.</param>
/// <param name="ReadyPods">Of those, the ready ones.</param>
/// <param name="Matched">Readings at least one ready pod reported, with the metric names the pods served them from.</param>
/// <param name="Missing">Readings the workload should have that no ready pod reported.</param>
/// <param name="Problems">One sentence per problem, naming the workload.</param>
public sealed record WorkloadReport(
    WorkloadSpec Workload, string Source, int? Pods, int ReadyPods, IReadOnlyList<string> Matched, IReadOnlyList<string> Missing, IReadOnlyList<string> Problems)
{
    /// <summary>The engine versions of the ready pods, from their images, with the pods of each ("v0.10.1 (3), v0.8.5 (1)"); "unknown" without a pod list.</summary>
    public string Versions { get; init; } = "-";

    /// <summary>The engine the ready pods' pages look like when it is not the configured one, in one sentence; null when the configured one fits best.</summary>
    public string? LooksLike { get; init; }
}

/// <summary>Observes a workload once through its source, as the pipeline would, and says what was found and what is missing.</summary>
public static class WorkloadCheck
{
    /// <summary>
    /// Observes <paramref name="workload"/>, retrying while the source is still listing pods, until <paramref name="patience"/> runs out.
    /// <paramref name="sourceName"/> says where the source reads, for the report.
    /// </summary>
    public static async Task<WorkloadReport> RunAsync(WorkloadSpec workload, IWorkloadSource source, string sourceName, TimeSpan patience, CancellationToken cancellationToken)
    {
        var id = $"workload {workload.Namespace}/{workload.Id}";
        var deadline = DateTime.UtcNow + patience;
        WorkloadObservation observation;
        while (true)
        {
            try
            {
                observation = await source.ObserveAsync(workload, cancellationToken);
                break;
            }
            // A pod watch has not listed yet right after start: wait for it, as the pipeline's next cycle would.
            catch (InvalidOperationException ex) when (DateTime.UtcNow < deadline && ex.Message.Contains("not been listed yet", StringComparison.Ordinal))
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new WorkloadReport(workload, sourceName, null, 0, [], [], [$"{id}: source {sourceName} failed: {ex.Message}"]);
            }
        }
        var report = Report(id, workload, sourceName, observation);
        if ((report.Missing.Count == 0 && report.Matched.Count > 0) || report.ReadyPods == 0 || workload.Engine == EngineKind.Custom) return report;
        return await DetectEngineAsync(id, workload, source, observation, report, cancellationToken);
    }

    // A workload missing readings may be configured with the wrong engine: read its pods once as each other engine
    // would be read, through the same source, and name the engine whose names the pods serve most of.
    private static async Task<WorkloadReport> DetectEngineAsync(string id, WorkloadSpec workload, IWorkloadSource source, WorkloadObservation observation,
        WorkloadReport report, CancellationToken cancellationToken)
    {
        var configured = EngineSignals(observation);
        (EngineKind Engine, int Signals, WorkloadObservation Observation) best = (workload.Engine, configured, observation);
        foreach (var engine in Enum.GetValues<EngineKind>().Where(e => e != workload.Engine && e != EngineKind.Custom))
        {
            try
            {
                var seen = await source.ObserveAsync(workload with { Engine = engine }, cancellationToken);
                if (EngineSignals(seen) is var signals && signals > best.Signals) best = (engine, signals, seen);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A source that cannot read the workload as another engine tells nothing about it; the report stands.
            }
        }
        if (best.Engine == workload.Engine) return report;
        var (name, guess) = (workload.Engine.ToString().ToLowerInvariant(), best.Engine.ToString().ToLowerInvariant());
        var sentence = $"{id}: its pods serve {guess}'s metric names ({best.Signals} readings over the ready pods, against {configured} as {name}); set engine: {guess}";
        // The images name the version of the engine the pods run, which is the one they look like.
        report = report with { LooksLike = sentence, Versions = VersionsOf([.. best.Observation.Pods.Where(p => p.Ready)]) };
        if (configured > 0) return report;
        // Serving none of the configured engine's names, every reading is missing for one reason: say it once.
        var problems = report.Problems.Where(p => !p.StartsWith($"{id}: no ready pod reports ", StringComparison.Ordinal)
            && !(p.StartsWith($"{id}: pod ", StringComparison.Ordinal) && p.EndsWith(" could not be read", StringComparison.Ordinal))).Prepend(sentence).ToList();
        return report with { Problems = problems };
    }

    // The engine readings (GPU duty comes from DCGM, whatever the engine) that the ready pods hold, summed over them.
    private static int EngineSignals(WorkloadObservation observation) =>
        observation.Pods.Where(p => p.Ready).Sum(p => Reading.All.Count(r => r.TellsOlderNames && r.Present(p.Engine)));

    private static string VersionsOf(List<PodReading> ready) =>
        ready.Count == 0 ? "-" : string.Join(", ", ready.GroupBy(p => p.EngineVersion ?? EngineImage.Unknown)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == ready.Count ? g.Key : $"{g.Key} ({g.Count()})"));

    private static WorkloadReport Report(string id, WorkloadSpec workload, string sourceName, WorkloadObservation observation)
    {
        var problems = new List<string>();
        var ready = observation.Pods.Where(p => p.Ready).ToList();
        if (observation.Pods.Count == 0)
            problems.Add($"{id}: no pods match selector \"{workload.Selector}\" in namespace {workload.Namespace}");
        else if (ready.Count == 0)
            problems.Add($"{id}: {observation.Pods.Count} pods match, none is ready");
        foreach (var pod in ready.Where(p => Reading.All.All(r => !r.Present(p.Engine))))
            problems.Add($"{id}: pod {pod.Name} could not be read");

        var read = ready.Where(p => Reading.All.Any(r => r.Present(p.Engine))).ToList();
        var matched = new List<string>();
        var missing = new List<string>();
        foreach (var reading in Reading.All)
        {
            var metrics = reading.Metrics(workload);
            if (metrics.Count == 0) continue;
            var reporting = read.Where(p => reading.Present(p.Engine)).ToList();
            if (reporting.Count > 0) matched.Add($"{reading.Name} ({reading.Served(workload, reporting)})");
            else if (read.Count > 0)
            {
                var names = $"{reading.Name} ({string.Join(" | ", metrics)})";
                missing.Add(names);
                if (!reading.Refines) problems.Add($"{id}: no ready pod reports {names}");
            }
        }
        if (workload.GatewayPool is { } pool && observation.GatewayQueue is null)
            problems.Add($"{id}: the gateway queue of pool {pool} could not be read");
        return new WorkloadReport(workload, sourceName, observation.Pods.Count, ready.Count, matched, missing, problems) { Versions = VersionsOf(ready) };
    }
}
