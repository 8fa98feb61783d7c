namespace Headroom.Forecast.ColdStart;

/// <summary>
/// The empirical distribution of one workload's cold starts, kept over the most recent pods,
/// with a configured prior that answers until enough pods have been seen.
/// </summary>
public sealed partial class ColdStartModel
{
    private readonly TimeSpan _prior;
    private readonly int _minSamples;
    private readonly int _capacity;
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, ColdStartSample> _samples = new(StringComparer.Ordinal);

    /// <summary>Creates a model.</summary>
    /// <param name="prior">Answered until <paramref name="minSamples"/> pods have been seen.</param>
    /// <param name="minSamples">Pods needed before the empirical distribution is trusted.</param>
    /// <param name="capacity">Most recent pods kept.</param>
    public ColdStartModel(TimeSpan prior, int minSamples = 5, int capacity = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, minSamples);
        _prior = prior;
        _minSamples = minSamples;
        _capacity = capacity;
    }

    /// <summary>Pods seen so far (at most the capacity).</summary>
    public int Count => _samples.Count;

    /// <summary>Whether the prior is still answering.</summary>
    public bool UsingPrior => _samples.Count < _minSamples;

    /// <summary>Records a pod's cold start; a pod already recorded is ignored. True when the sample is new.</summary>
    public bool Observe(string pod, ColdStartSample sample)
    {
        if (sample.Scheduling < TimeSpan.Zero || sample.ImagePullAndInit < TimeSpan.Zero || sample.ModelLoad < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(sample), "Cold-start phases cannot be negative.");
        if (!_samples.TryAdd(pod, sample)) return false;
        _order.Enqueue(pod);
        if (_order.Count > _capacity) _samples.Remove(_order.Dequeue());
        return true;
    }

    /// <summary>The q-quantile of total cold start, or the prior while too few pods have been seen.</summary>
    public TimeSpan Quantile(double q) => UsingPrior ? _prior : EmpiricalQuantile(s => s.Total, q);

    /// <summary>The q-quantile of one phase, or null while too few pods have been seen.</summary>
    public TimeSpan? PhaseQuantile(Func<ColdStartSample, TimeSpan> phase, double q) =>
        UsingPrior ? null : EmpiricalQuantile(phase, q);

    private TimeSpan EmpiricalQuantile(Func<ColdStartSample, TimeSpan> select, double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        // Sorted in place: the quantile is taken again whenever a pod starts, over up to the capacity of samples.
        var sorted = new double[_samples.Count];
        var i = 0;
        foreach (var sample in _samples.Values) sorted[i++] = select(sample).TotalSeconds;
        Array.Sort(sorted);
        return TimeSpan.FromSeconds(MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(sorted, q));
    }
}
