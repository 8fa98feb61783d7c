using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Replicas;

/// <summary>
/// Builds the snapshot a replica serves from its own owned workloads and its peers': for each configured workload, the
/// latest observation any member holds. Every replica that holds the same members' snapshots builds the same one, so
/// that they answer alike, and a workload whose owner just changed is served from the old owner's last values until
/// the new owner's first observation, under the same staleness bounds.
/// </summary>
public static class SharedSnapshot
{
    /// <summary>The served snapshot, built at <paramref name="builtAt"/>, over the members' latest signals.</summary>
    public static SignalSnapshot Compose(IReadOnlyList<WorkloadSpec> configured, DateTimeOffset builtAt,
        IEnumerable<(string Member, IReadOnlyList<WorkloadSignals> Workloads)> members)
    {
        var latest = new Dictionary<(string, string), (string Member, WorkloadSignals Signals)>();
        foreach (var (member, workloads) in members)
        {
            foreach (var w in workloads)
            {
                var key = (w.Spec.Namespace, w.Spec.Id);
                if (!latest.TryGetValue(key, out var held) || Later(w, member, held.Signals, held.Member)) latest[key] = (member, w);
            }
        }
        var served = new WorkloadSignals[configured.Count];
        for (var i = 0; i < served.Length; i++)
        {
            var spec = configured[i];
            served[i] = latest.TryGetValue((spec.Namespace, spec.Id), out var found) ? found.Signals : WorkloadSignals.NotYetObserved(spec);
        }
        return new SignalSnapshot(builtAt, served);
    }

    // The later observation wins; equal ones go to the smaller member name, so that every replica picks alike.
    private static bool Later(WorkloadSignals candidate, string member, WorkloadSignals held, string heldMember)
    {
        var (a, b) = (candidate.ObservedAt ?? DateTimeOffset.MinValue, held.ObservedAt ?? DateTimeOffset.MinValue);
        if (a != b) return a > b;
        if (candidate.LastError is null != held.LastError is null) return held.LastError is not null && candidate.LastError is null;
        return string.CompareOrdinal(member, heldMember) < 0;
    }
}
