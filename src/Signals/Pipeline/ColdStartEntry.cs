using Headroom.Forecast.ColdStart;

namespace Headroom.Signals.Pipeline;

/// <summary>One pod's cold start in a <see cref="WorkloadCheckpoint"/>, phase by phase, in seconds.</summary>
/// <param name="Pod">The pod's name, so that a pod is never counted twice.</param>
/// <param name="SchedulingSeconds">Creation to scheduled.</param>
/// <param name="ImagePullAndInitSeconds">Scheduled to initialized.</param>
/// <param name="ModelLoadSeconds">Initialized to ready.</param>
public sealed record ColdStartEntry(string Pod, double SchedulingSeconds, double ImagePullAndInitSeconds, double ModelLoadSeconds)
{
    /// <summary>The entry of a sample.</summary>
    public static ColdStartEntry Of(string pod, ColdStartSample sample) =>
        new(pod, sample.Scheduling.TotalSeconds, sample.ImagePullAndInit.TotalSeconds, sample.ModelLoad.TotalSeconds);

    /// <summary>The sample it records.</summary>
    public ColdStartSample Sample => new(TimeSpan.FromSeconds(SchedulingSeconds), TimeSpan.FromSeconds(ImagePullAndInitSeconds), TimeSpan.FromSeconds(ModelLoadSeconds));

    /// <summary>Why the entry cannot be restored, or null.</summary>
    public string? Problem() =>
        string.IsNullOrEmpty(Pod) ? "no pod name"
        : new[] { SchedulingSeconds, ImagePullAndInitSeconds, ModelLoadSeconds }.Any(s => !double.IsFinite(s) || s < 0 || s > TimeSpan.MaxValue.TotalSeconds / 4)
            ? "a phase is negative or not a number"
            : null;
}
