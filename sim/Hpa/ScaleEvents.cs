using System.Collections.Immutable;

namespace Headroom.Sim.Hpa;

// The scale events horizontal.go keeps for the behavior's policy periods.
internal static class ScaleEvents
{
    // storeScaleEvent: after a rescale of an HPA with behavior, record the change, reusing the slot of the
    // last event older than the direction's longest policy period (markScaleEventsOutdated).
    public static HpaHistory Store(HpaBehavior? behavior, HpaHistory history, int previous, int next, TimeSpan now)
    {
        if (behavior is null)
        {
            return history;
        }
        if (next > previous)
        {
            return history with { ScaleUpEvents = Add(history.ScaleUpEvents, LongestPolicyPeriod(behavior.ScaleUp), next - previous, now) };
        }
        return history with { ScaleDownEvents = Add(history.ScaleDownEvents, LongestPolicyPeriod(behavior.ScaleDown), previous - next, now) };
    }

    private static ImmutableList<ScaleEvent> Add(ImmutableList<ScaleEvent> events, int longestPolicyPeriod, int replicaChange, TimeSpan now)
    {
        // markScaleEventsOutdated: the flag stays set once set.
        var marked = events.ConvertAll(e => Window.Contains(e.Timestamp, now, Window.Seconds(longestPolicyPeriod)) ? e : e with { Outdated = true });
        var oldIndex = marked.FindLastIndex(e => e.Outdated);
        var newEvent = new ScaleEvent(replicaChange, now);
        return oldIndex >= 0 ? marked.SetItem(oldIndex, newEvent) : marked.Add(newEvent);
    }

    // getLongestPolicyPeriod.
    private static int LongestPolicyPeriod(ScalingRules rules) => rules.Policies.Select(p => p.PeriodSeconds).DefaultIfEmpty(0).Max();
}
