using Headroom.Signals.Sources;

namespace Headroom.Signals.Discovery;

/// <summary>
/// Turns the pods of a multi-host workload into its replicas (<c>groupBy</c>): the pods of one group become one
/// reading, so that everything after the source (replica counts, capacity per replica, cold starts, the answers)
/// counts groups. A group's token, queue, running and KV readings are its leader's (the one pod that serves the API
/// and the engine's metrics); its GPU duty cycle is the mean over its members that have one; it is ready only when
/// every member is; its start-up runs from the first member's creation to the last member's readiness. The group
/// is named after its leader, which is the pod a LeaderWorkerSet's scale selector picks, so per-pod answers land on
/// the pods an HPA on the LeaderWorkerSet reads.
/// </summary>
public static class ReplicaGroups
{
    /// <summary>The <c>groupBy</c> value for LeaderWorkerSet: groups by set and group index, the leader is worker 0.</summary>
    public const string LeaderWorkerSet = "leaderworkerset";

    private const string SetLabel = "leaderworkerset.sigs.k8s.io/name";
    private const string GroupIndexLabel = "leaderworkerset.sigs.k8s.io/group-index";
    private const string WorkerIndexLabel = "leaderworkerset.sigs.k8s.io/worker-index";

    /// <summary>
    /// The observation with one reading and one start-up timeline per group. With <c>groupBy</c> a label key, the
    /// pods sharing its value form a group and the leader is the member whose name sorts first (LeaderWorkerSet and
    /// StatefulSet names put the leader there). A pod without the grouping labels is a replica of its own.
    /// </summary>
    public static WorkloadObservation Apply(string groupBy, WorkloadObservation observation)
    {
        var groups = observation.Pods.GroupBy(p => KeyOf(groupBy, p.Labels, p.Name), StringComparer.Ordinal).ToArray();
        var readings = new PodReading[groups.Length];
        var leaders = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Length; i++)
        {
            var members = groups[i].OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
            readings[i] = Merge(groupBy, members);
            foreach (var member in members) leaders[member.Name] = readings[i].Name;
        }
        return observation with { Pods = readings, Lifecycles = Lifecycles(observation.Lifecycles, leaders) };
    }

    private static string KeyOf(string groupBy, IReadOnlyDictionary<string, string> labels, string pod)
    {
        if (groupBy == LeaderWorkerSet)
        {
            return labels.TryGetValue(SetLabel, out var set) && labels.TryGetValue(GroupIndexLabel, out var index)
                ? $"{set}\n{index}"
                : "\0" + pod;
        }
        // A leading NUL cannot start a label value, so a pod without the label never joins a real group.
        return labels.TryGetValue(groupBy, out var value) ? value : "\0" + pod;
    }

    private static PodReading Merge(string groupBy, PodReading[] members)
    {
        var leader = groupBy == LeaderWorkerSet
            ? members.FirstOrDefault(p => p.Labels.GetValueOrDefault(WorkerIndexLabel) == "0")
                ?? (members is [var alone] && !alone.Labels.ContainsKey(GroupIndexLabel) ? alone : null)
            : members[0];
        // Without its leader a group serves nothing and reports nothing: it is there, not ready.
        if (leader is null) return new PodReading(members[0].Name, members[0].Labels, members[0].Node, false, EngineReading.None);
        var duty = members.Select(p => p.Engine.GpuDutyCycle).OfType<double>().ToArray();
        return leader with
        {
            Ready = members.All(p => p.Ready),
            Engine = leader.Engine with { GpuDutyCycle = duty.Length == 0 ? null : duty.Average() },
        };
    }

    // One start-up per group, named as its reading: from the first member created to the last one ready, and not
    // ready until every member seen is.
    private static IReadOnlyList<PodLifecycle> Lifecycles(IReadOnlyList<PodLifecycle> lifecycles, Dictionary<string, string> leaders)
    {
        if (lifecycles.Count == 0) return lifecycles;
        return lifecycles
            .GroupBy(l => leaders.GetValueOrDefault(l.Name, l.Name), StringComparer.Ordinal)
            .Select(g => new PodLifecycle(
                g.Key,
                g.Min(l => l.Created),
                Last(g, l => l.Scheduled),
                Last(g, l => l.Initialized),
                Last(g, l => l.ContainersReady),
                Last(g, l => l.Ready)))
            .ToArray();
    }

    private static DateTimeOffset? Last(IEnumerable<PodLifecycle> members, Func<PodLifecycle, DateTimeOffset?> at)
    {
        DateTimeOffset? last = null;
        foreach (var member in members)
        {
            if (at(member) is not { } time) return null;
            if (last is null || time > last) last = time;
        }
        return last;
    }
}
