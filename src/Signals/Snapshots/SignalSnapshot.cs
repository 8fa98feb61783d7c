using System.Collections.Frozen;

namespace Headroom.Signals.Snapshots;

/// <summary>An immutable picture of every signal, rebuilt by each pipeline cycle and read by every request.</summary>
public sealed class SignalSnapshot
{
    /// <summary>Builds the snapshot; its lookup indexes are built when first asked for.</summary>
    public SignalSnapshot(DateTimeOffset builtAt, IReadOnlyList<WorkloadSignals> workloads)
    {
        BuiltAt = builtAt;
        Workloads = workloads;
    }

    // Built on first use, since most snapshots a replay publishes are never read (it cycles more often than it
    // reads). Two readers racing to build one get equal indexes, and either may be kept.
    private FrozenDictionary<string, WorkloadSignals[]> ByNamespace => field ??= Workloads
        .GroupBy(w => w.Spec.Namespace, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    private FrozenDictionary<(string Namespace, string Deployment), WorkloadSignals> ByDeployment => field ??= Workloads
        .ToFrozenDictionary(w => (w.Spec.Namespace, w.Spec.DeploymentName));

    private FrozenDictionary<(string Namespace, string Pod), (WorkloadSignals Workload, PodSignals Pod)> ByPod => field ??= Workloads
        .SelectMany(w => w.Pods.Select(p => (w, p)))
        .DistinctBy(x => (x.w.Spec.Namespace, x.p.Name))
        .ToFrozenDictionary(x => (x.w.Spec.Namespace, x.p.Name), x => (x.w, x.p));

    private FrozenDictionary<string, NodeSignals> ByNode => field ??= NodeSignals.FromWorkloads(Workloads)
        .ToFrozenDictionary(n => n.Name, StringComparer.Ordinal);

    /// <summary>A snapshot with no workloads, before the first cycle.</summary>
    public static SignalSnapshot Empty { get; } = new(DateTimeOffset.MinValue, []);

    /// <summary>When the cycle that built this snapshot finished.</summary>
    public DateTimeOffset BuiltAt { get; }

    /// <summary>Every configured workload.</summary>
    public IReadOnlyList<WorkloadSignals> Workloads { get; }

    /// <summary>Nodes that run ready pods.</summary>
    public IEnumerable<NodeSignals> Nodes => ByNode.Values;

    /// <summary>Whether any workload lives in the namespace.</summary>
    public bool HasNamespace(string ns) => ByNamespace.ContainsKey(ns);

    /// <summary>The workloads of a namespace; empty when it has none.</summary>
    public IReadOnlyList<WorkloadSignals> InNamespace(string ns) =>
        ByNamespace.TryGetValue(ns, out var list) ? list : [];

    /// <summary>Finds the workload run by a Deployment.</summary>
    public bool TryGetByDeployment(string ns, string deployment, out WorkloadSignals workload) =>
        ByDeployment.TryGetValue((ns, deployment), out workload!);

    /// <summary>Finds a ready pod and its workload.</summary>
    public bool TryGetPod(string ns, string pod, out WorkloadSignals workload, out PodSignals signals)
    {
        var found = ByPod.TryGetValue((ns, pod), out var hit);
        (workload, signals) = hit;
        return found;
    }

    /// <summary>Finds a node.</summary>
    public bool TryGetNode(string name, out NodeSignals node) => ByNode.TryGetValue(name, out node!);
}
