using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Headroom.Forecast.Models;

/// <summary>
/// Simple exponential smoothing, Holt (damped trend) and Holt-Winters (additive or multiplicative season,
/// damped trend), with parameters fitted by minimising one-step squared error with MathNet's Nelder-Mead.
/// </summary>
public sealed class ExponentialSmoothingForecaster : IForecaster
{
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
    public IFittedForecast Fit(ReadOnlySpan<double> history)
    {
        if (_season == Seasonality.Multiplicative && ContainsNonPositive(history))
            throw new NotSupportedException("a multiplicative season needs a positive series");
        if (_season != Seasonality.None && history.Length < 2 * _period)
            throw new NotSupportedException($"a season of {_period} steps needs at least two seasons of history");

        var data = history.ToArray();
        var start = new SmoothingStart(data, _trend, _season, _period);
        var parameters = FitParameters(start, data);
        var fitted = new Fitted(new ExponentialSmoothing(start, parameters).Run(data));
        // A multiplicative season can divide by a level near zero after a long gap and run away; such a fit
        // is refused rather than served.
        var scale = LargestMagnitude(data);
        var next = fitted.Forecast(1);
        if (!double.IsFinite(next) || Math.Abs(next) > 10 * scale + 1)
            throw new NotSupportedException($"{Name} diverged on this history");
        return fitted;
    }

    private SmoothingParameters FitParameters(SmoothingStart origin, double[] data)
    {
        var seasonal = new double[origin.Seasonal.Length];
        double Objective(Vector<double> x)
        {
            var sse = ExponentialSmoothing.SumSquaredErrorsOf(origin, data, Decode(x), seasonal);
            return double.IsFinite(sse) ? sse : double.MaxValue;
        }
        // Only the parameters the method has are searched: a direction that changes nothing only slows the simplex.
        var initial = new List<double> { Logit(0.3) };
        if (_trend) initial.Add(Logit(0.1));
        if (_season != Seasonality.None) initial.Add(Logit(0.1));
        if (_trend) initial.Add(Logit(0.9));
        var start = Vector<double>.Build.Dense(initial.ToArray());
        try
        {
            var result = new NelderMeadSimplex(1e-8, 400).FindMinimum(ObjectiveFunction.Value(Objective), start);
            return Decode(result.MinimizingPoint);
        }
        catch (MaximumIterationsException)
        {
            // Not fully converged is still a usable fit; the start point is the honest fallback.
            return Decode(start);
        }
    }

    private SmoothingParameters Decode(Vector<double> x)
    {
        var next = 1;
        var beta = _trend ? Sigmoid(x[next++]) : 0;
        var gamma = _season == Seasonality.None ? 0 : Sigmoid(x[next++]);
        // Damping between 0.8 and 0.995: undamped trends over-forecast bursts; heavier damping is a flat line.
        var phi = _trend ? 0.8 + 0.195 * Sigmoid(x[next]) : 1;
        return new SmoothingParameters(Sigmoid(x[0]), beta, gamma, phi);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));

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

    private sealed class Fitted(ExponentialSmoothing state) : IFittedForecast
    {
        public double Forecast(int steps) => state.Forecast(steps);

        public void Append(double value) => state.Append(value);
    }
}
