using System.Collections.Frozen;

namespace Headroom.Signals.Snapshots;

/// <summary>An immutable picture of every signal, rebuilt by each pipeline cycle and read by every request.</summary>
public sealed class SignalSnapshot
{
    private readonly FrozenDictionary<string, WorkloadSignals[]> _byNamespace;
    private readonly FrozenDictionary<(string Namespace, string Deployment), WorkloadSignals> _byDeployment;
    private readonly FrozenDictionary<(string Namespace, string Pod), (WorkloadSignals Workload, PodSignals Pod)> _byPod;
    private readonly FrozenDictionary<string, NodeSignals> _byNode;

    /// <summary>Builds the snapshot and its lookup indexes.</summary>
    public SignalSnapshot(DateTimeOffset builtAt, IReadOnlyList<WorkloadSignals> workloads)
    {
        BuiltAt = builtAt;
        Workloads = workloads;
        _byNamespace = workloads.GroupBy(w => w.Spec.Namespace, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _byDeployment = workloads.ToFrozenDictionary(w => (w.Spec.Namespace, w.Spec.DeploymentName));
        _byPod = workloads.SelectMany(w => w.Pods.Select(p => (w, p)))
            .DistinctBy(x => (x.w.Spec.Namespace, x.p.Name))
            .ToFrozenDictionary(x => (x.w.Spec.Namespace, x.p.Name), x => (x.w, x.p));
        _byNode = NodeSignals.FromWorkloads(workloads).ToFrozenDictionary(n => n.Name, StringComparer.Ordinal);
    }

    /// <summary>A snapshot with no workloads, before the first cycle.</summary>
    public static SignalSnapshot Empty { get; } = new(DateTimeOffset.MinValue, []);

    /// <summary>When the cycle that built this snapshot finished.</summary>
    public DateTimeOffset BuiltAt { get; }

    /// <summary>Every configured workload.</summary>
    public IReadOnlyList<WorkloadSignals> Workloads { get; }

    /// <summary>Nodes that run ready pods.</summary>
    public IEnumerable<NodeSignals> Nodes => _byNode.Values;

    /// <summary>Whether any workload lives in the namespace.</summary>
    public bool HasNamespace(string ns) => _byNamespace.ContainsKey(ns);

    /// <summary>The workloads of a namespace; empty when it has none.</summary>
    public IReadOnlyList<WorkloadSignals> InNamespace(string ns) =>
        _byNamespace.TryGetValue(ns, out var list) ? list : [];

    /// <summary>Finds the workload run by a Deployment.</summary>
    public bool TryGetByDeployment(string ns, string deployment, out WorkloadSignals workload) =>
        _byDeployment.TryGetValue((ns, deployment), out workload!);

    /// <summary>Finds a ready pod and its workload.</summary>
    public bool TryGetPod(string ns, string pod, out WorkloadSignals workload, out PodSignals signals)
    {
        var found = _byPod.TryGetValue((ns, pod), out var hit);
        (workload, signals) = hit;
        return found;
    }

    /// <summary>Finds a node.</summary>
    public bool TryGetNode(string name, out NodeSignals node) => _byNode.TryGetValue(name, out node!);
}
