using Headroom.Forecast.ColdStart;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Pipeline;

/// <summary>One workload's learned cold start: start-up timelines in, the configured quantile out.</summary>
internal sealed partial class ColdStartTracker(TimeSpan prior, int minSamples, double quantile)
{
    private readonly ColdStartModel _model = new(prior, minSamples);
    // The quantile changes only when a start-up is observed; computing it sorts the samples.
    private TimeSpan? _quantile;

    /// <summary>The cold-start quantile: the prior until enough pods have started.</summary>
    public TimeSpan Quantile => _quantile ??= _model.Quantile(quantile);

    /// <summary>Reads the start-up timelines of pods that became ready; returns the cold starts, in seconds, of pods not seen before.</summary>
    public IReadOnlyList<double> Observe(IReadOnlyList<PodLifecycle> lifecycles)
    {
        List<double>? learned = null;
        foreach (var life in lifecycles)
        {
            if (ColdStartTimeline.SampleOf(life) is not { } sample) continue;
            _quantile = null;
            if (_model.Observe(life.Name, sample)) (learned ??= []).Add(sample.Total.TotalSeconds);
        }
        return learned ?? (IReadOnlyList<double>)[];
    }
}
