using Headroom.Forecast.ColdStart;

namespace Headroom.Signals.Pipeline;

internal sealed partial class ColdStartTracker
{
    /// <summary>The cold starts learned so far, oldest first.</summary>
    public IReadOnlyList<(string Pod, ColdStartSample Sample)> Export() => _model.Export();

    /// <summary>Learns cold starts seen before (by another replica, or before a restart); pods already known are skipped.</summary>
    public void Restore(IEnumerable<(string Pod, ColdStartSample Sample)> samples)
    {
        foreach (var (pod, sample) in samples) _model.Observe(pod, sample);
        _quantile = null;
    }
}
