using System.Numerics;
using System.Runtime.InteropServices;

namespace Headroom.Forecast.Models;

/// <summary>
/// Simple exponential smoothing with its weight fitted to the horizon it serves: the weight that minimises the
/// mean absolute error of forecasts <c>horizon</c> steps ahead over the history. A weight fitted to the next step
/// follows every wiggle that a forecast an hour ahead should ignore, so it is lighter the further ahead the forecast.
/// </summary>
public sealed class HorizonEwmaForecaster : IForecaster
{
    // A grid, not a search: the absolute error is flat in places and kinked in others, where a simplex stalls, and
    // forty weights run side by side in one pass over the history cost less than one Nelder-Mead fit. A multiple of
    // every vector width.
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
    /// <exception cref="ArgumentException">Every step is missing.</exception>
    public static (double Alpha, double Level) FitWeight(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var first = 0;
        while (first < history.Length && double.IsNaN(history[first])) first++;
        if (first == history.Length) throw new ArgumentException("the history has no observed value", nameof(history));
        // Every weight runs in the same pass, a vector of weights at a time: one read of the history instead of forty.
        var alphas = new double[Weights];
        for (var i = 0; i < Weights; i++) alphas[i] = (i + 1) / (double)Weights;
        var levels = new double[Weights];
        Array.Fill(levels, history[first]);
        var errors = new double[Weights];
        // The levels each step was forecast from, `horizon` steps before it: a ring of one row per slot.
        var ring = new double[horizon * Weights];
        var forecast = new bool[horizon];
        var alpha = MemoryMarshal.Cast<double, Vector<double>>(alphas.AsSpan());
        var level = MemoryMarshal.Cast<double, Vector<double>>(levels.AsSpan());
        var error = MemoryMarshal.Cast<double, Vector<double>>(errors.AsSpan());
        var slot = 0;
        for (var t = first; t < history.Length; t++)
        {
            var row = MemoryMarshal.Cast<double, Vector<double>>(ring.AsSpan(slot * Weights, Weights));
            var y = history[t];
            if (!double.IsNaN(y))
            {
                var value = new Vector<double>(y);
                for (var v = 0; v < level.Length; v++)
                {
                    if (forecast[slot]) error[v] += Vector.Abs(value - row[v]);
                    level[v] += alpha[v] * (value - level[v]);
                }
            }
            // The levels after step t forecast step t + horizon, which lands in the same slot.
            level.CopyTo(row);
            forecast[slot] = true;
            if (++slot == horizon) slot = 0;
        }
        var best = Weights - 1;
        // Strictly lower: among equals the heavier weight, closest to the last value, wins.
        for (var i = Weights - 2; i >= 0; i--)
            if (errors[i] < errors[best]) best = i;
        return (alphas[best], levels[best]);
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

    private sealed class Fitted(double alpha, double level) : IFittedForecast
    {
        public double Forecast(int steps) => level;

        public void Append(double value)
        {
            if (!double.IsNaN(value)) level += alpha * (value - level);
        }
    }
}
