using System.Collections.Immutable;

namespace Headroom.Sim.Hpa;

// The stabilization windows of horizontal.go. Both record the unstabilized recommendation, reusing the
// slot of the last entry too old to matter, as the Go code does.
internal static class Stabilization
{
    // stabilizeRecommendation (no behavior): the highest recommendation within the downscale window.
    public static (int Stabilized, ImmutableList<TimestampedRecommendation> Recommendations) Legacy(
        ImmutableList<TimestampedRecommendation> recommendations, int prenormalized, TimeSpan now, TimeSpan window)
    {
        var max = prenormalized;
        int? oldIndex = null;
        for (var i = 0; i < recommendations.Count; i++)
        {
            var rec = recommendations[i];
            if (!Window.Contains(rec.Timestamp, now, window))
            {
                oldIndex = i;
            }
            else if (rec.Replicas > max)
            {
                max = rec.Replicas;
            }
        }
        return (max, Record(recommendations, oldIndex, new TimestampedRecommendation(prenormalized, now)));
    }

    // stabilizeRecommendationWithBehaviors: the current count, raised to the lowest recommendation within
    // the scale-up window and lowered to the highest within the scale-down window.
    public static (int Stabilized, ImmutableList<TimestampedRecommendation> Recommendations) WithBehaviors(
        ImmutableList<TimestampedRecommendation> recommendations, int desired, int current, TimeSpan now, TimeSpan upWindow, TimeSpan downWindow)
    {
        var up = desired;
        var down = desired;
        int? oldIndex = null;
        for (var i = 0; i < recommendations.Count; i++)
        {
            var rec = recommendations[i];
            var inUp = Window.Contains(rec.Timestamp, now, upWindow);
            var inDown = Window.Contains(rec.Timestamp, now, downWindow);
            if (inUp)
            {
                up = Math.Min(rec.Replicas, up);
            }
            if (inDown)
            {
                down = Math.Max(rec.Replicas, down);
            }
            if (!inUp && !inDown)
            {
                oldIndex = i;
            }
        }
        var recommendation = current;
        if (recommendation < up)
        {
            recommendation = up;
        }
        if (recommendation > down)
        {
            recommendation = down;
        }
        return (recommendation, Record(recommendations, oldIndex, new TimestampedRecommendation(desired, now)));
    }

    private static ImmutableList<TimestampedRecommendation> Record(ImmutableList<TimestampedRecommendation> recommendations, int? oldIndex, TimestampedRecommendation next) =>
        oldIndex is { } i ? recommendations.SetItem(i, next) : recommendations.Add(next);
}
