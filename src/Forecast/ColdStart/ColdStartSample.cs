namespace Headroom.Forecast.ColdStart;

/// <summary>How long one pod took to become ready, split into phases.</summary>
/// <param name="Scheduling">Creation to PodScheduled: scheduling and node provisioning.</param>
/// <param name="ImagePullAndInit">PodScheduled to Initialized: image pull and init containers.</param>
/// <param name="ModelLoad">Initialized to Ready: model load and warm-up.</param>
public readonly record struct ColdStartSample(TimeSpan Scheduling, TimeSpan ImagePullAndInit, TimeSpan ModelLoad)
{
    /// <summary>Creation to Ready.</summary>
    public TimeSpan Total => Scheduling + ImagePullAndInit + ModelLoad;
}
