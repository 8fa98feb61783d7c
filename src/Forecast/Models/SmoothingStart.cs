namespace Headroom.Forecast.Models;

/// <summary>
/// The state exponential smoothing starts from, taken from the first season(s) of a history. It does not
/// depend on the smoothing parameters, so a fit computes it once for all the parameters it tries.
/// </summary>
internal sealed class SmoothingStart
{
    /// <summary>Smallest seasonal factor of a multiplicative season, so a zero never sticks.</summary>
    public const double MinFactor = 1e-3;

    private readonly double[] _seasonal;

    public SmoothingStart(ReadOnlySpan<double> history, bool trend, Seasonality season, int period)
    {
        Trend = trend;
        Season = season;
        var length = season == Seasonality.None ? 1 : period;
        var firstMean = SeriesMath.Mean(history[..Math.Min(length, history.Length)]);
        if (double.IsNaN(firstMean)) firstMean = SeriesMath.Mean(history);
        Level = double.IsNaN(firstMean) ? 0 : firstMean;
        if (trend && history.Length >= 2 * length)
        {
            var second = SeriesMath.Mean(history.Slice(length, length));
            Slope = double.IsNaN(second) ? 0 : (second - Level) / length;
        }
        _seasonal = new double[length];
        for (var i = 0; i < length; i++)
        {
            var y = i < history.Length ? history[i] : double.NaN;
            _seasonal[i] = season switch
            {
                Seasonality.Additive => double.IsNaN(y) ? 0 : y - Level,
                Seasonality.Multiplicative => double.IsNaN(y) || Level <= 0 ? 1 : Math.Max(MinFactor, y / Level),
                _ => 0,
            };
        }
    }

    public bool Trend { get; }

    public Seasonality Season { get; }

    public double Level { get; }

    public double Slope { get; }

    /// <summary>The seasonal indices (one zero with no season), never written.</summary>
    public ReadOnlySpan<double> Seasonal => _seasonal;
}
