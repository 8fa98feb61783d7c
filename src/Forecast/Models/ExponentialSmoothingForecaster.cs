using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Headroom.Forecast.Models;

/// <summary>
/// Simple exponential smoothing, Holt (damped trend) and Holt-Winters (additive or multiplicative season,
/// damped trend), with parameters fitted by minimising one-step squared error with MathNet's Nelder-Mead.
/// </summary>
public sealed class ExponentialSmoothingForecaster : IForecaster
{
    // Damping between 0.8 and 0.995: undamped trends over-forecast bursts; heavier damping is a flat line.
    private const double MinPhi = 0.8;
    private const double PhiRange = 0.195;
    // The search stops when the simplex's errors agree to 1e-4 (relative): the fitted error is then within
    // about 0.1% of the optimum, far below what separates the methods, at a third of the trials of 1e-8.
    private const double Tolerance = 1e-4;
    private const int MaxEvaluations = 400;
    // Initial simplex edge in logit units: a cold start must explore (MathNet's default, 5% of the start,
    // is so small that the simplex spends its trials growing); a warm start is near the answer already.
    private const double ColdStep = 1.0;
    private const double WarmStep = 0.1;
    // A parameter fitted against its bound (a random walk's alpha of 0.9999999) sits where the logit is so flat
    // that a small simplex sees no change in the error and stops at once; a warm start is pulled in to within
    // 0.25% of the bound, where the simplex still sees the slope.
    private const double WarmLimit = 6;
    private readonly bool _trend;
    private readonly Seasonality _season;
    private readonly int _period;

    /// <summary>Creates a method; <paramref name="period"/> matters only with a season.</summary>
    public ExponentialSmoothingForecaster(bool trend, Seasonality season, int period = 1, string? name = null)
    {
        if (season != Seasonality.None && period < 2) throw new ArgumentOutOfRangeException(nameof(period), "a season needs at least 2 steps");
        _trend = trend;
        _season = season;
        _period = period;
        Name = name ?? (season, trend) switch
        {
            (Seasonality.None, false) => "ewma",
            (Seasonality.None, true) => "holt",
            (Seasonality.Additive, _) => "holt-winters-add",
            _ => "holt-winters-mul",
        };
    }

    /// <summary>Simple exponential smoothing (an EWMA with a fitted weight).</summary>
    public static ExponentialSmoothingForecaster Ewma() => new(false, Seasonality.None);

    /// <summary>Holt's damped trend.</summary>
    public static ExponentialSmoothingForecaster Holt() => new(true, Seasonality.None);

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IFittedForecast Fit(ReadOnlySpan<double> history) => Fit(history, null);

    /// <summary>
    /// Fits with the parameter search started from <paramref name="from"/>, the parameters this method fitted on
    /// an earlier history of the same series (null: the generic start). The search still goes wherever the error
    /// is lower; starting near the answer only makes it shorter.
    /// </summary>
    public SmoothingFit Fit(ReadOnlySpan<double> history, SmoothingParameters? from)
    {
        if (_season == Seasonality.Multiplicative && ContainsNonPositive(history))
            throw new NotSupportedException("a multiplicative season needs a positive series");
        if (_season != Seasonality.None && history.Length < 2 * _period)
            throw new NotSupportedException($"a season of {_period} steps needs at least two seasons of history");

        var data = history.ToArray();
        var start = new SmoothingStart(data, _trend, _season, _period);
        var parameters = FitParameters(start, data, from);
        var fitted = new SmoothingFit(new ExponentialSmoothing(start, parameters).Run(data), parameters);
        // A multiplicative season can divide by a level near zero after a long gap and run away; such a fit
        // is refused rather than served.
        var scale = LargestMagnitude(data);
        var next = fitted.Forecast(1);
        if (!double.IsFinite(next) || Math.Abs(next) > 10 * scale + 1)
            throw new NotSupportedException($"{Name} diverged on this history");
        return fitted;
    }

    private SmoothingParameters FitParameters(SmoothingStart origin, double[] data, SmoothingParameters? from)
    {
        var seasonal = new double[origin.Seasonal.Length];
        var lowest = double.PositiveInfinity;
        Vector<double>? best = null;
        double Objective(Vector<double> x)
        {
            var sse = ExponentialSmoothing.SumSquaredErrorsOf(origin, data, Decode(x), seasonal);
            if (!double.IsFinite(sse)) return double.MaxValue;
            if (sse < lowest)
            {
                lowest = sse;
                best = x.Clone();
            }
            return sse;
        }
        var start = from is { } previous ? Encode(previous).Map(x => Math.Clamp(x, -WarmLimit, WarmLimit)) : ColdStart(origin, data, seasonal);
        var step = Vector<double>.Build.Dense(start.Count, from is null ? ColdStep : WarmStep);
        try
        {
            var result = new NelderMeadSimplex(Tolerance, MaxEvaluations).FindMinimum(ObjectiveFunction.Value(Objective), start, step);
            return Decode(result.MinimizingPoint);
        }
        catch (MaximumIterationsException)
        {
            // Not converged is still the lowest error found, which is no worse than the start.
            return Decode(best ?? start);
        }
    }

    // A seasonal method contains seasonal-naive: with the level and trend frozen and the season replaced by each new
    // value (alpha and beta near 0, gamma near 1), its one-step forecast from the second season on is the value a season
    // ago. Starting from whichever of that corner and the generic point has the lower error, and keeping the lowest
    // error found, makes the fit never worse than the corner in-sample on any series, not only on those where the
    // generic start happens to get there.
    private Vector<double> ColdStart(SmoothingStart origin, double[] data, double[] seasonal)
    {
        var generic = Encode(new SmoothingParameters(0.3, 0.1, 0.1, 0.9));
        if (_season == Seasonality.None) return generic;
        var corner = Encode(new SmoothingParameters(0.001, 0.001, 0.999, MinPhi + 0.001));
        return ExponentialSmoothing.SumSquaredErrorsOf(origin, data, Decode(corner), seasonal)
            < ExponentialSmoothing.SumSquaredErrorsOf(origin, data, Decode(generic), seasonal) ? corner : generic;
    }

    // Only the parameters the method has are searched: a direction that changes nothing only slows the simplex.
    private Vector<double> Encode(SmoothingParameters p)
    {
        var x = new List<double> { Logit(p.Alpha) };
        if (_trend) x.Add(Logit(p.Beta));
        if (_season != Seasonality.None) x.Add(Logit(p.Gamma));
        if (_trend) x.Add(Logit((p.Phi - MinPhi) / PhiRange));
        return Vector<double>.Build.Dense(x.ToArray());
    }

    private SmoothingParameters Decode(Vector<double> x)
    {
        var next = 1;
        var beta = _trend ? Sigmoid(x[next++]) : 0;
        var gamma = _season == Seasonality.None ? 0 : Sigmoid(x[next++]);
        var phi = _trend ? MinPhi + PhiRange * Sigmoid(x[next]) : 1;
        return new SmoothingParameters(Sigmoid(x[0]), beta, gamma, phi);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    // Clamped so that a parameter fitted at the edge of its range still starts a search at a finite point.
    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-9, 1 - 1e-9);
        return Math.Log(q / (1 - q));
    }

    private static double LargestMagnitude(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (var v in values) if (double.IsFinite(v)) largest = Math.Max(largest, Math.Abs(v));
        return largest;
    }

    private static bool ContainsNonPositive(ReadOnlySpan<double> values)
    {
        foreach (var v in values) if (v <= 0) return true;
        return false;
    }
}
