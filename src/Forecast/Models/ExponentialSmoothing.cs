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
    private readonly SmoothingStart _start;
    private readonly SmoothingParameters _p;
    private readonly double[] _seasonal;
    private double _level;
    private double _slope;
    private int _position;

    /// <summary>Initialises the state from the first season(s) of the history.</summary>
    public ExponentialSmoothing(ReadOnlySpan<double> history, bool trend, Seasonality season, int period, SmoothingParameters parameters)
        : this(new SmoothingStart(history, trend, season, period), parameters)
    {
    }

    /// <summary>Starts from an initial state already computed, so a fit computes it once, not once per trial.</summary>
    internal ExponentialSmoothing(SmoothingStart start, SmoothingParameters parameters)
    {
        _start = start;
        _p = parameters;
        _level = start.Level;
        _slope = start.Slope;
        _seasonal = start.Seasonal.ToArray();
    }

    /// <summary>Sum of squared one-step errors over the history, the fitting objective.</summary>
    public double SumSquaredErrors { get; private set; }

    /// <summary>Steps of history with an observed value.</summary>
    public int Observed { get; private set; }

    /// <summary>Runs the recursions over the whole history.</summary>
    public ExponentialSmoothing Run(ReadOnlySpan<double> history)
    {
        Advance(history);
        return this;
    }

    /// <summary>Runs the recursions over one more step.</summary>
    public void Append(double y) => Advance(new ReadOnlySpan<double>(in y));

    /// <summary>Forecast h steps after the last step run.</summary>
    public double Forecast(int steps)
    {
        var damped = _start.Trend ? DampedSum(steps) * _slope : 0;
        var baseLevel = _level + damped;
        var s = _seasonal[(_position + steps - 1) % _seasonal.Length];
        return _start.Season switch
        {
            Seasonality.Additive => baseLevel + s,
            Seasonality.Multiplicative => baseLevel * s,
            _ => baseLevel,
        };
    }

    /// <summary>
    /// The fitting objective without building a state: the sum of squared one-step errors from
    /// <paramref name="start"/> over <paramref name="history"/>. <paramref name="seasonal"/> is scratch of the
    /// season's length, overwritten, so an optimiser's thousands of trials allocate nothing.
    /// </summary>
    internal static double SumSquaredErrorsOf(SmoothingStart start, ReadOnlySpan<double> history, SmoothingParameters parameters, Span<double> seasonal)
    {
        start.Seasonal.CopyTo(seasonal);
        var level = start.Level;
        var slope = start.Slope;
        var position = 0;
        var observed = 0;
        return Recurse(start, parameters, history, ref level, ref slope, seasonal, ref position, ref observed);
    }

    private void Advance(ReadOnlySpan<double> values)
    {
        var observed = Observed;
        SumSquaredErrors += Recurse(_start, _p, values, ref _level, ref _slope, _seasonal, ref _position, ref observed);
        Observed = observed;
    }

    private static double Recurse(SmoothingStart start, SmoothingParameters p, ReadOnlySpan<double> values,
        ref double level, ref double slope, Span<double> seasonal, ref int position, ref int observed) => (start.Season, start.Trend) switch
        {
            (Seasonality.Additive, true) => Recurse<AdditiveSeason, WithTrend>(p, values, ref level, ref slope, seasonal, ref position, ref observed),
            (Seasonality.Additive, false) => Recurse<AdditiveSeason, NoTrend>(p, values, ref level, ref slope, seasonal, ref position, ref observed),
            (Seasonality.Multiplicative, true) => Recurse<MultiplicativeSeason, WithTrend>(p, values, ref level, ref slope, seasonal, ref position, ref observed),
            (Seasonality.Multiplicative, false) => Recurse<MultiplicativeSeason, NoTrend>(p, values, ref level, ref slope, seasonal, ref position, ref observed),
            (_, true) => Recurse<NoSeason, WithTrend>(p, values, ref level, ref slope, seasonal, ref position, ref observed),
            _ => Recurse<NoSeason, NoTrend>(p, values, ref level, ref slope, seasonal, ref position, ref observed),
        };

    // One loop for every method, compiled by the JIT once per season and trend type, so a method pays only for
    // the terms it has: the state lives in locals, and the season position wraps without a division. The
    // updates are the textbook ones, regrouped so that a step waits on the last one for two multiply-adds, not
    // five. A step's cost is most of what a fit costs.
    private static double Recurse<TSeason, TTrend>(SmoothingParameters p, ReadOnlySpan<double> values,
        ref double levelRef, ref double slopeRef, Span<double> seasonal, ref int positionRef, ref int observedRef)
        where TSeason : struct, ISeason
        where TTrend : struct, ITrend
    {
        var (alpha, beta, gamma, phi) = p;
        double oneMinusAlpha = 1 - alpha, oneMinusGamma = 1 - gamma;
        // level' = alpha·deseasonalised + (1 − alpha)·(level + phi·slope)
        var slopeIntoLevel = oneMinusAlpha * phi;
        // slope' = beta·(level' − level) + (1 − beta)·phi·slope
        var slopeKept = (1 - beta) * phi;
        var level = levelRef;
        var slope = slopeRef;
        var position = positionRef;
        var observed = observedRef;
        double sse = 0;
        foreach (var y in values)
        {
            var s = TSeason.On ? seasonal[position] : 0;
            if (double.IsNaN(y))
            {
                if (TTrend.On)
                {
                    level += phi * slope;
                    slope *= phi;
                }
            }
            else
            {
                var error = y - TSeason.Combine(TTrend.On ? level + phi * slope : level, s);
                sse += error * error;
                observed++;
                var previous = level;
                level = oneMinusAlpha * level + alpha * TSeason.Remove(y, s);
                if (TTrend.On)
                {
                    level += slopeIntoLevel * slope;
                    slope = beta * level + (slopeKept * slope - beta * previous);
                }
                if (TSeason.On) seasonal[position] = TSeason.Update(y, level, s, gamma, oneMinusGamma);
            }
            if (TSeason.On && ++position == seasonal.Length) position = 0;
        }
        levelRef = level;
        slopeRef = slope;
        positionRef = position;
        observedRef = observed;
        return sse;
    }

    private double DampedSum(int steps)
    {
        if (Math.Abs(_p.Phi - 1) < 1e-12) return steps;
        return _p.Phi * (1 - Math.Pow(_p.Phi, steps)) / (1 - _p.Phi);
    }

    private interface ITrend
    {
        static abstract bool On { get; }
    }

    private readonly struct WithTrend : ITrend
    {
        public static bool On => true;
    }

    private readonly struct NoTrend : ITrend
    {
        public static bool On => false;
    }

    private interface ISeason
    {
        static abstract bool On { get; }

        static abstract double Combine(double level, double s);

        static abstract double Remove(double y, double s);

        static abstract double Update(double y, double level, double s, double gamma, double oneMinusGamma);
    }

    private readonly struct NoSeason : ISeason
    {
        public static bool On => false;

        public static double Combine(double level, double s) => level;

        public static double Remove(double y, double s) => y;

        public static double Update(double y, double level, double s, double gamma, double oneMinusGamma) => 0;
    }

    private readonly struct AdditiveSeason : ISeason
    {
        public static bool On => true;

        public static double Combine(double level, double s) => level + s;

        public static double Remove(double y, double s) => y - s;

        public static double Update(double y, double level, double s, double gamma, double oneMinusGamma) =>
            gamma * (y - level) + oneMinusGamma * s;
    }

    private readonly struct MultiplicativeSeason : ISeason
    {
        public static bool On => true;

        public static double Combine(double level, double s) => level * s;

        public static double Remove(double y, double s) => y / s;

        public static double Update(double y, double level, double s, double gamma, double oneMinusGamma) =>
            Math.Max(SmoothingStart.MinFactor, gamma * (y / Math.Max(level, SmoothingStart.MinFactor)) + oneMinusGamma * s);
    }
}
