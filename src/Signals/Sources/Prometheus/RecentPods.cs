using System.Collections.Concurrent;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Sources.Prometheus;

/// <summary>
/// Remembers the pods each workload's series named. Prometheus cannot list pods, so a pod whose series all vanished
/// (a Prometheus that lost its data or has not scraped it again yet) would silently shrink every sum; instead it stays
/// for a grace period with no readings, which makes the sums missing (503, the HPA holds) rather than short.
/// </summary>
public sealed class RecentPods(TimeSpan grace)
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), Dictionary<string, DateTimeOffset>> _seen = new();

    /// <summary>The pods present now, plus those seen within the grace period that are absent now.</summary>
    public IReadOnlyList<PodReading> Reconcile(WorkloadSpec workload, IReadOnlyList<PodReading> present, DateTimeOffset at, IReadOnlyDictionary<string, string> labels)
    {
        // One workload is observed by one cycle at a time, so its own map needs no lock.
        var seen = _seen.GetOrAdd((workload.Namespace, workload.Id), _ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        var now = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in present)
        {
            seen[pod.Name] = at;
            now.Add(pod.Name);
        }
        var missing = new List<PodReading>();
        foreach (var (name, lastSeen) in seen.ToArray())
        {
            if (now.Contains(name)) continue;
            if (at - lastSeen > grace) seen.Remove(name);
            else missing.Add(new PodReading(name, labels, null, Ready: true, EngineReading.None));
        }
        return missing.Count == 0 ? present : [.. present, .. missing.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }
}
