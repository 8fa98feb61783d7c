using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Sources.Scrape;

/// <summary>
/// Joins DCGM exporter pages to pods by the <c>namespace</c> and <c>pod</c> labels the exporter puts on each GPU's
/// series. Per pod, the first duty-cycle candidate it has wins (the profiling metric over the utilisation
/// percentage) and its GPUs are averaged; a non-finite value makes that pod's duty cycle unknown.
/// </summary>
public static class DutyCycleJoin
{
    /// <summary>The families a DCGM page is parsed for.</summary>
    public static IReadOnlyCollection<string> Families { get; } =
        DcgmPreset.GpuDutyCycle.Candidates.Select(c => c.Sample).ToArray();

    /// <summary>Duty cycle (0 to 1 before range checks) per namespace and pod, over every page given.</summary>
    public static IReadOnlyDictionary<(string Namespace, string Pod), double> Join(IEnumerable<ParsedPage> pages)
    {
        var candidates = DcgmPreset.GpuDutyCycle.Candidates;
        var sums = new Dictionary<(string, string), (double Sum, int Count)[]>();
        foreach (var page in pages)
            foreach (var family in page.Families)
                foreach (var sample in family.Samples)
                {
                    var candidate = IndexOf(candidates, sample.Name);
                    if (candidate < 0 || sample.Labels.ValueOf("namespace") is not { Length: > 0 } ns || sample.Labels.ValueOf("pod") is not { Length: > 0 } pod)
                        continue;
                    if (!sums.TryGetValue((ns, pod), out var perCandidate)) sums[(ns, pod)] = perCandidate = new (double, int)[candidates.Count];
                    perCandidate[candidate] = (perCandidate[candidate].Sum + sample.Value, perCandidate[candidate].Count + 1);
                }
        var result = new Dictionary<(string, string), double>(sums.Count);
        foreach (var (key, perCandidate) in sums)
        {
            var first = Array.FindIndex(perCandidate, c => c.Count > 0);
            var mean = perCandidate[first].Sum / perCandidate[first].Count * candidates[first].Scale;
            // NaN from any GPU of the pod poisons the sum, so the pod is left out rather than skewed.
            if (double.IsFinite(mean)) result[key] = mean;
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<SeriesRef> candidates, string sample)
    {
        for (var i = 0; i < candidates.Count; i++)
            if (candidates[i].Sample == sample) return i;
        return -1;
    }
}
