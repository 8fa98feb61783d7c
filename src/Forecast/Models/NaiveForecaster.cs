namespace Headroom.Forecast.Models;

/// <summary>Tomorrow is today: the last observed value. The baseline every model must beat.</summary>
public sealed class NaiveForecaster : IForecaster
{
    /// <inheritdoc />
    public string Name => "naive";

    /// <inheritdoc />
    public IFittedForecast Fit(ReadOnlySpan<double> history)
    {
        var last = SeriesMath.LastObserved(history);
        return new Fitted(last);
    }

    private sealed record Fitted(double Last) : IFittedForecast
    {
        public double Forecast(int steps) => Last;
    }
}
