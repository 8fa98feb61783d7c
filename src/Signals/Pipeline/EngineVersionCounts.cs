using System.Runtime.CompilerServices;
using Headroom.Signals.Engines;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>Counts a workload's ready pods per engine version and names generation, reusing the last answer while it holds.</summary>
public sealed class EngineVersionCounts
{
    private IReadOnlyList<EngineVersionPods> _last = [];

    /// <summary>The ready pods per version and names generation, in order of first appearance.</summary>
    public IReadOnlyList<EngineVersionPods> Of(List<PodReading> ready)
    {
        // Most fleets run one version under one generation: count it without allocating, and allocate only when it changed.
        if (ready.Count == 0) return _last = [];
        var first = Key(ready[0]);
        var same = true;
        for (var i = 1; i < ready.Count && same; i++) same = Key(ready[i]) == first;
        if (same)
        {
            if (_last is [var only] && only.Pods == ready.Count && (only.Version, only.Names) == first) return _last;
            return _last = [new EngineVersionPods(first.Version, first.Names, ready.Count)];
        }
        return _last = ready.GroupBy(Key).Select(g => new EngineVersionPods(g.Key.Version, g.Key.Names, g.Count())).ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
    private static (string Version, string Names) Key(PodReading pod) =>
        (pod.EngineVersion ?? EngineImage.Unknown, pod.ReadsOlderNames ? EngineVersionPods.Older : EngineVersionPods.Current);
}
