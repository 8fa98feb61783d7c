namespace Headroom.Forecast.Models;

/// <summary>How a season combines with the level.</summary>
public enum Seasonality
{
    /// <summary>No season.</summary>
    None,
    /// <summary>The season adds to the level.</summary>
    Additive,
    /// <summary>The season scales the level; needs a positive series.</summary>
    Multiplicative,
}

/// <summary>Smoothing parameters, each in 0..1.</summary>
/// <param name="Alpha">Level.</param>
/// <param name="Beta">Trend; 0 with no trend.</param>
/// <param name="Gamma">Season; 0 with no season.</param>
/// <param name="Phi">Trend damping; 1 is undamped.</param>
public readonly record struct SmoothingParameters(double Alpha, double Beta, double Gamma, double Phi);

/// <summary>
/// The exponential-smoothing recursions (simple, Holt, Holt-Winters) in one place, so fitting and
/// forecasting run the same arithmetic. A missing step advances the state by its own forecast,
/// with no correction: a gap is not a drop in demand.
/// </summary>
public sealed class ExponentialSmoothing
{
    private const double MinFactor = 1e-3;
    private readonly bool _trend;
    private readonly Seasonality _season;
    private readonly int _period;
    private readonly SmoothingParameters _p;
    private double _level;
    private double _slope;
    private readonly double[] _seasonal;
    private int _position;

    /// <summary>Initialises the state from the first season(s) of the history.</summary>
    public ExponentialSmoothing(ReadOnlySpan<double> history, bool trend, Seasonality season, int period, SmoothingParameters parameters)
    {
        _trend = trend;
        _season = season;
        _period = season == Seasonality.None ? 1 : period;
        _p = parameters;
        _seasonal = new double[_period];
        Initialise(history);
    }

    /// <summary>Sum of squared one-step errors over the history, the fitting objective.</summary>
    public double SumSquaredErrors { get; private set; }

    /// <summary>Steps of history with an observed value.</summary>
    public int Observed { get; private set; }

    /// <summary>Runs the recursions over the whole history.</summary>
    public ExponentialSmoothing Run(ReadOnlySpan<double> history)
    {
        foreach (var y in history) Step(y);
        return this;
    }

    /// <summary>Runs the recursions over one more step.</summary>
    public void Append(double y) => Step(y);

    /// <summary>Forecast h steps after the last step run.</summary>
    public double Forecast(int steps)
    {
        var damped = _trend ? DampedSum(steps) * _slope : 0;
        var baseLevel = _level + damped;
        var s = _seasonal[(_position + steps - 1) % _period];
        return _season switch
        {
            Seasonality.Additive => baseLevel + s,
            Seasonality.Multiplicative => baseLevel * s,
            _ => baseLevel,
        };
    }

    private void Step(double y)
    {
        var s = _seasonal[_position];
        var predictedLevel = _level + (_trend ? _p.Phi * _slope : 0);
        if (double.IsNaN(y))
        {
            _level = predictedLevel;
            if (_trend) _slope *= _p.Phi;
        }
        else
        {
            var prediction = _season switch
            {
                Seasonality.Additive => predictedLevel + s,
                Seasonality.Multiplicative => predictedLevel * s,
                _ => predictedLevel,
            };
            var error = y - prediction;
            SumSquaredErrors += error * error;
            Observed++;
            var previous = _level;
            _level = _season switch
            {
                Seasonality.Additive => _p.Alpha * (y - s) + (1 - _p.Alpha) * predictedLevel,
                Seasonality.Multiplicative => _p.Alpha * (y / s) + (1 - _p.Alpha) * predictedLevel,
                _ => _p.Alpha * y + (1 - _p.Alpha) * predictedLevel,
            };
            if (_trend) _slope = _p.Beta * (_level - previous) + (1 - _p.Beta) * _p.Phi * _slope;
            _seasonal[_position] = _season switch
            {
                Seasonality.Additive => _p.Gamma * (y - _level) + (1 - _p.Gamma) * s,
                Seasonality.Multiplicative => Math.Max(MinFactor, _p.Gamma * (y / Math.Max(_level, MinFactor)) + (1 - _p.Gamma) * s),
                _ => 0,
            };
        }
        _position = (_position + 1) % _period;
    }

    private double DampedSum(int steps)
    {
        if (Math.Abs(_p.Phi - 1) < 1e-12) return steps;
        return _p.Phi * (1 - Math.Pow(_p.Phi, steps)) / (1 - _p.Phi);
    }

    private void Initialise(ReadOnlySpan<double> history)
    {
        var firstMean = SeriesMath.Mean(history[..Math.Min(_period, history.Length)]);
        if (double.IsNaN(firstMean)) firstMean = SeriesMath.Mean(history);
        _level = double.IsNaN(firstMean) ? 0 : firstMean;
        if (_trend && history.Length >= 2 * _period)
        {
            var second = SeriesMath.Mean(history.Slice(_period, _period));
            _slope = double.IsNaN(second) ? 0 : (second - _level) / _period;
        }
        for (var i = 0; i < _period; i++)
        {
            var y = i < history.Length ? history[i] : double.NaN;
            _seasonal[i] = _season switch
            {
                Seasonality.Additive => double.IsNaN(y) ? 0 : y - _level,
                Seasonality.Multiplicative => double.IsNaN(y) || _level <= 0 ? 1 : Math.Max(MinFactor, y / _level),
                _ => 0,
            };
        }
    }
}
