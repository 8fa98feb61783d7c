using System.Collections.Concurrent;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Support;

/// <summary>
/// A workload source that plays back, per workload (its Id: the name, or name/role), a script of observations and failures, one step per call.
/// A call with nothing left in the script fails the test loudly.
/// </summary>
public sealed class ScriptedSource : IWorkloadSource
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<WorkloadObservation>>> _scripts = new(StringComparer.Ordinal);

    /// <summary>Calls made so far, per workload.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public ScriptedSource Then(string workload, WorkloadObservation observation) => Add(workload, () => observation);

    public ScriptedSource ThenFail(string workload, string message) =>
        Add(workload, () => throw new InvalidOperationException(message));

    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(workload.Id, 1, (_, n) => n + 1);
        if (!_scripts.TryGetValue(workload.Id, out var script) || !script.TryDequeue(out var step))
            throw new InvalidOperationException($"ScriptedSource has nothing scripted for workload '{workload.Id}'.");
        return ValueTask.FromResult(step());
    }

    private ScriptedSource Add(string workload, Func<WorkloadObservation> step)
    {
        _scripts.GetOrAdd(workload, _ => new ConcurrentQueue<Func<WorkloadObservation>>()).Enqueue(step);
        return this;
    }
}
