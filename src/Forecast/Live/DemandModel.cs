using Headroom.Forecast.Models;
using MathNet.Numerics.Statistics;

namespace Headroom.Forecast.Live;

/// <summary>
/// A method chosen for one series, fitted and advanced to the end of its history, with the errors it made
/// on held-out steps at the horizon it was chosen for.
/// </summary>
public sealed class DemandModel
{
    private readonly double[] _sortedErrors;

    /// <summary>Wraps a fitted method and its held-out errors (actual minus forecast).</summary>
    public DemandModel(string name, IFittedForecast fit, int horizon, double mae, IEnumerable<double> errors,
        IReadOnlyDictionary<string, SmoothingParameters>? fitted = null)
    {
        Fitted = fitted ?? new Dictionary<string, SmoothingParameters>();
        Name = name;
        Fit = fit;
        Horizon = horizon;
        Mae = mae;
        _sortedErrors = errors.Order().ToArray();
        if (_sortedErrors.Length == 0) throw new ArgumentException("a model needs held-out errors", nameof(errors));
    }

    /// <summary>The method's name.</summary>
    public string Name { get; }

    /// <summary>The fitted state, advanced with every step seen.</summary>
    public IFittedForecast Fit { get; }

    /// <summary>Steps ahead the held-out errors were measured at.</summary>
    public int Horizon { get; }

    /// <summary>Mean absolute held-out error.</summary>
    public double Mae { get; }

    /// <summary>
    /// Parameters every smoothing method compared in the same choice was fitted with, chosen or not, by name:
    /// the next refit of the series starts each method's search from them.
    /// </summary>
    public IReadOnlyDictionary<string, SmoothingParameters> Fitted { get; }

    /// <summary>Held-out errors known.</summary>
    public int Errors => _sortedErrors.Length;

    /// <summary>The q-quantile forecast: the point plus the q-quantile of the held-out errors.</summary>
    public double Quantile(double point, double q) => point + SortedArrayStatistics.Quantile(_sortedErrors, q);
}
