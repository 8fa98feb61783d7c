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
    WorkloadSpec Workload, string Source, int? Pods, int ReadyPods, IReadOnlyList<string> Matched, IReadOnlyList<string> Missing, IReadOnlyList<string> Problems);

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
        return Report(id, workload, sourceName, observation);
    }

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
            if (reporting.Count > 0) matched.Add($"{reading.Name} ({reading.Served(metrics, reporting)})");
            else if (read.Count > 0)
            {
                var names = $"{reading.Name} ({string.Join(" | ", metrics)})";
                missing.Add(names);
                if (!reading.Refines) problems.Add($"{id}: no ready pod reports {names}");
            }
        }
        if (workload.GatewayPool is { } pool && observation.GatewayQueue is null)
            problems.Add($"{id}: the gateway queue of pool {pool} could not be read");
        return new WorkloadReport(workload, sourceName, observation.Pods.Count, ready.Count, matched, missing, problems);
    }
}
