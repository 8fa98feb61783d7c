using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>
/// Stand-in pods of a workload with prefill and decode roles, read on the adapter's clock: two prefill pods that
/// prefill 2,000 prompt tokens/s each and produce one token per request, one decode pod that generates 400 tokens/s
/// and holds the KV; each pod carries the llm-d role label of its role.
/// </summary>
public sealed class RoleStandInSource(TimeProvider clock) : IWorkloadSource
{
    private readonly DateTimeOffset _start = clock.GetUtcNow();

    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var seconds = (at - _start).TotalSeconds;
        var role = workload.Role ?? throw new ArgumentException($"{workload.Id} has no role", nameof(workload));
        var labels = new Dictionary<string, string> { ["app"] = workload.Name, [role.LabelKey] = role.LabelValue };
        PodReading[] pods = role.Name == WorkloadRole.Prefill
            ? [.. Enumerable.Range(0, 2).Select(i => new PodReading($"{workload.Name}-prefill-{i}", labels, "node-a", true,
                new EngineReading(2 * seconds, 2_000 * seconds, 0, 1, 0.02, 0.3, RequestsFinishedTotal: 2 * seconds)))]
            : [new PodReading($"{workload.Name}-decode-0", labels, "node-b", true, new EngineReading(400 * seconds, 0, 0, 20, 0.2, 0.6))];
        return ValueTask.FromResult(new WorkloadObservation(at, pods, [], null));
    }
}
