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

    private sealed class Fitted(double last) : IFittedForecast
    {
        public double Forecast(int steps) => last;

        public void Append(double value)
        {
            if (!double.IsNaN(value)) last = value;
        }
    }
}
