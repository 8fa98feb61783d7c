namespace Headroom.Forecast.ColdStart;

public sealed partial class ColdStartModel
{
    /// <summary>The pods kept and their cold starts, oldest first: what <see cref="Observe"/> rebuilds the model from.</summary>
    public IReadOnlyList<(string Pod, ColdStartSample Sample)> Export() =>
        _order.Select(pod => (pod, _samples[pod])).ToArray();
}
