using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Keda;

/// <summary>A source whose pods and gateway queue the test sets; it fails on demand, as a source outage would.</summary>
public sealed class ScriptedSource : IWorkloadSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (PodReading[] Pods, double? Gateway)> _state = new();
    private readonly HashSet<string> _failing = new();

    /// <summary>Sets a workload's ready pods, each with its queued and running requests and KV-cache use.</summary>
    public void Set(string workload, double? gateway, params (double Waiting, double Running, double Kv)[] pods)
    {
        var readings = pods.Select((p, i) => new PodReading($"{workload}-{i}",
            new Dictionary<string, string> { ["app"] = workload }, "node-1", true,
            new EngineReading(1000, 1000, p.Waiting, p.Running, p.Kv, null))).ToArray();
        lock (_gate) _state[workload] = (readings, gateway);
    }

    /// <summary>Makes a workload's observations fail (true) or succeed (false).</summary>
    public void Fail(string workload, bool failing)
    {
        lock (_gate)
        {
            if (failing) _failing.Add(workload);
            else _failing.Remove(workload);
        }
    }

    /// <inheritdoc />
    public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failing.Contains(workload.Name)) throw new HttpRequestException("scripted outage");
            var (pods, gateway) = _state.GetValueOrDefault(workload.Name, ([], null));
            return ValueTask.FromResult(new WorkloadObservation(DateTimeOffset.UtcNow, pods, [], gateway));
        }
    }
}
