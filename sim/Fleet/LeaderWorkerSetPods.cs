using Headroom.Fleet;

namespace Headroom.Sim.Fleet;

/// <summary>
/// The pods of a replica that is a LeaderWorkerSet group, named and labelled as the LeaderWorkerSet controller does:
/// the leader is named after the group (<c>replica-0003</c>, worker index 0), the workers after it
/// (<c>replica-0003-1</c>, ...), and every member carries the set's name, the group's index and its own worker index,
/// which is what the server's <c>groupBy: leaderworkerset</c> groups on.
/// </summary>
internal sealed class LeaderWorkerSetPods(string setName, int podsPerGroup, IReadOnlyDictionary<string, string> workloadLabels)
{
    /// <summary>The label LeaderWorkerSet writes with the set's name.</summary>
    public const string SetLabel = "leaderworkerset.sigs.k8s.io/name";

    /// <summary>The label LeaderWorkerSet writes with the group's index within the set.</summary>
    public const string GroupIndexLabel = "leaderworkerset.sigs.k8s.io/group-index";

    /// <summary>The label LeaderWorkerSet writes with the pod's index within its group; the leader's is 0.</summary>
    public const string WorkerIndexLabel = "leaderworkerset.sigs.k8s.io/worker-index";

    private readonly Dictionary<Replica, Member[]> _groups = new(ReferenceEqualityComparer.Instance);
    private readonly List<Replica> _gone = [];
    private int _nextGroup;

    /// <summary>The group's pods, leader first; a replica seen for the first time gets the next group index.</summary>
    public Member[] Of(Replica replica)
    {
        if (_groups.TryGetValue(replica, out var members)) return members;
        var index = (_nextGroup++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        members = new Member[podsPerGroup];
        for (var worker = 0; worker < podsPerGroup; worker++)
        {
            var labels = new Dictionary<string, string>(workloadLabels)
            {
                [SetLabel] = setName,
                [GroupIndexLabel] = index,
                [WorkerIndexLabel] = worker.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            members[worker] = new Member(worker == 0 ? replica.Name : $"{replica.Name}-{worker}", labels);
        }
        _groups[replica] = members;
        return members;
    }

    /// <summary>Forgets the groups of replicas that left <paramref name="replicas"/> or are draining.</summary>
    public void Prune(IReadOnlyList<Replica> replicas, int serving)
    {
        if (_groups.Count <= serving) return;
        _gone.Clear();
        foreach (var r in _groups.Keys)
        {
            if (r.Terminating || !replicas.Contains(r)) _gone.Add(r);
        }
        foreach (var r in _gone) _groups.Remove(r);
    }

    /// <summary>One pod of a group.</summary>
    /// <param name="Name">The pod's name.</param>
    /// <param name="Labels">The workload's labels and the LeaderWorkerSet labels.</param>
    internal sealed record Member(string Name, IReadOnlyDictionary<string, string> Labels);
}
