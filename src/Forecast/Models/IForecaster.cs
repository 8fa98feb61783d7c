namespace Headroom.Forecast.Models;

/// <summary>A forecasting method: fits on a regular series and forecasts h steps past its end.</summary>
public interface IForecaster
{
    /// <summary>Short name used in reports (naive, seasonal-naive, ewma, holt, holt-winters-add, ...).</summary>
    string Name { get; }

    /// <summary>Fits the method to the history; NaN marks a missing step, which is never taken as demand.</summary>
    IFittedForecast Fit(ReadOnlySpan<double> history);
}

/// <summary>A method fitted to one history.</summary>
public interface IFittedForecast
{
    /// <summary>The point forecast <paramref name="steps"/> steps after the last observation (1 is the next step).</summary>
    double Forecast(int steps);

    /// <summary>
    /// Advances the fit by one more step of the series (NaN for a missing step) with the parameters kept,
    /// so a live forecast follows the data between refits.
    /// </summary>
    void Append(double value);
}
