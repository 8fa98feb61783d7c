namespace Headroom.Forecast.Backtesting;

/// <summary>
/// The p10–p90 band of one stream of forecasts: conformal quantiles of the errors already observed, with each bound
/// corrected by tracking its own misses (the quantile tracker of conformal PID control, Angelopoulos, Candès and
/// Tibshirani, 2023). When the errors the band is made from stop describing the present (the noise falls or rises,
/// a bursty hour turns quiet), a bound that misses more than one target in ten moves out, and one that misses fewer
/// moves in, until each misses one in ten again.
/// </summary>
/// <param name="minimum">Fewest errors a band is made from; fewer give no band.</param>
/// <param name="trackingStep">
/// How far a bound moves per unit of miss rate, in units of the errors' mean absolute size: a miss moves it out by 0.9
/// of the step, a hit in by 0.1 of it. 0 is plain conformal. Large enough to undo a regime's worth of stale errors
/// within tens of targets; on a stationary series the wandering bounds cost a few percent of width.
/// </param>
public sealed class ConformalBand(int minimum = ConformalBand.MinErrors, double trackingStep = ConformalBand.DefaultStep)
{
    /// <summary>Fewest errors a band is made from by default.</summary>
    public const int MinErrors = 10;

    /// <summary>The tracking step used by the backtests.</summary>
    public const double DefaultStep = 0.5;

    private const double Lower = 0.1;
    private const double Upper = 0.9;

    private double _lowerShift;
    private double _upperShift;

    /// <summary>The band around <paramref name="point"/> from <paramref name="errors"/> (actual minus forecast; sorted in place).</summary>
    public Band Around(double point, double[] errors)
    {
        if (errors.Length < minimum) return Band.None;
        var median = point + ResidualQuantiles.Conformal(errors, 0.5);
        var scale = errors.Average(Math.Abs);
        // Tracking can carry a bound past the median when the errors are far wider than the present; the band stays ordered.
        return new Band(
            Math.Min(median, point + ResidualQuantiles.Conformal(errors, Lower) + _lowerShift * scale),
            median,
            Math.Max(median, point + ResidualQuantiles.Conformal(errors, Upper) + _upperShift * scale));
    }

    /// <summary>Records where the actual fell against a band made earlier, once it is known.</summary>
    public void Track(double actual, Band band)
    {
        if (!band.Known || double.IsNaN(actual)) return;
        // The shifts are kept in units of the errors' mean absolute size, so a correction learned while one method served
        // (or in a loud hour) carries over in proportion when the errors the band is made from grow or shrink.
        _lowerShift -= trackingStep * ((actual < band.P10 ? 1 : 0) - Lower);
        _upperShift += trackingStep * ((actual > band.P90 ? 1 : 0) - (1 - Upper));
    }
}
