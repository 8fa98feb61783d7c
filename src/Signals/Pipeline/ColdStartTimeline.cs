using Headroom.Forecast.ColdStart;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>Reads a pod's start-up timeline as a cold-start sample: creation to scheduled, scheduled to initialized, initialized to ready.</summary>
public static class ColdStartTimeline
{
    /// <summary>The pod's cold start, or null while it is still starting or when its phases are out of order.</summary>
    public static ColdStartSample? SampleOf(PodLifecycle life)
    {
        if (life is not { Scheduled: { } scheduled, Initialized: { } initialized, Ready: { } ready }) return null;
        var sample = new ColdStartSample(scheduled - life.Created, initialized - scheduled, ready - initialized);
        // Restarted or clock-skewed pods can report phases out of order; they say nothing about cold start.
        return sample.Scheduling < TimeSpan.Zero || sample.ImagePullAndInit < TimeSpan.Zero || sample.ModelLoad < TimeSpan.Zero ? null : sample;
    }
}
