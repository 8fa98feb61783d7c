namespace Headroom.Forecast.Models;

/// <summary>
/// Simple exponential smoothing with its weight fitted to the horizon it serves: the weight that minimises the
/// mean absolute error of forecasts <c>horizon</c> steps ahead over the history. A weight fitted to the next step
/// follows every wiggle that a forecast an hour ahead should ignore, so it is lighter the further ahead the forecast.
/// </summary>
public sealed class HorizonEwmaForecaster : IForecaster
{
    // A grid, not a search: the absolute error is flat in places and kinked in others, where a simplex stalls, and
    // forty one-pass trials over a few days of history cost less than one Nelder-Mead fit.
    private const int Weights = 40;
    private readonly int _horizon;

    /// <summary>Creates the method for one horizon in steps.</summary>
    public HorizonEwmaForecaster(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        _horizon = horizon;
    }

    /// <inheritdoc />
    public string Name => "ewma-h";

    /// <inheritdoc />
    public IFittedForecast Fit(ReadOnlySpan<double> history)
    {
        var (alpha, level) = FitWeight(history, _horizon);
        return new Fitted(alpha, level);
    }

    /// <summary>The weight with the lowest absolute error <paramref name="horizon"/> steps ahead, and the level it ends on.</summary>
    public static (double Alpha, double Level) FitWeight(ReadOnlySpan<double> history, int horizon)
    {
        var best = (Alpha: 1.0, Level: SeriesMath.LastObserved(history));
        var bestError = double.PositiveInfinity;
        var levels = new double[horizon];
        for (var i = Weights; i >= 1; i--)
        {
            var alpha = i / (double)Weights;
            var (error, level) = Run(history, alpha, levels);
            // Strictly lower: among equals the heavier weight, closest to the last value, wins.
            if (error < bestError)
            {
                bestError = error;
                best = (alpha, level);
            }
        }
        return best;
    }

    /// <summary>The level after each step of <paramref name="history"/> with weight <paramref name="alpha"/>; NaN before the first value.</summary>
    internal static double[] Levels(ReadOnlySpan<double> history, double alpha)
    {
        var levels = new double[history.Length];
        var level = double.NaN;
        for (var t = 0; t < history.Length; t++)
        {
            var y = history[t];
            if (!double.IsNaN(y)) level = double.IsNaN(level) ? y : level + alpha * (y - level);
            levels[t] = level;
        }
        return levels;
    }

    // One pass of the recursion; levels is a ring of the last `horizon` levels, so the level a target was forecast
    // from is at hand when the target arrives. A missing step keeps the level and scores nothing.
    private static (double Error, double Level) Run(ReadOnlySpan<double> history, double alpha, Span<double> levels)
    {
        var horizon = levels.Length;
        levels.Fill(double.NaN);
        var level = double.NaN;
        double error = 0;
        for (var t = 0; t < history.Length; t++)
        {
            var y = history[t];
            var slot = t % horizon;
            if (!double.IsNaN(y))
            {
                if (!double.IsNaN(levels[slot])) error += Math.Abs(y - levels[slot]);
                level = double.IsNaN(level) ? y : level + alpha * (y - level);
            }
            // The level after step t forecasts step t + horizon, which lands in the same slot.
            levels[slot] = level;
        }
        return (error, level);
    }

    private sealed class Fitted(double alpha, double level) : IFittedForecast
    {
        public double Forecast(int steps) => level;

        public void Append(double value)
        {
            if (!double.IsNaN(value)) level += alpha * (value - level);
        }
    }
}
