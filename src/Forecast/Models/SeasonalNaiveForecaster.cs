namespace Headroom.Forecast.Models;

/// <summary>The value one season ago; falls back to the last value while less than a season is known.</summary>
/// <param name="period">Season length in steps.</param>
public sealed class SeasonalNaiveForecaster(int period) : IForecaster
{
    /// <inheritdoc />
    public string Name => "seasonal-naive";

    /// <summary>Season length in steps.</summary>
    public int Period { get; } = period > 0 ? period : throw new ArgumentOutOfRangeException(nameof(period));

    /// <inheritdoc />
    public IFittedForecast Fit(ReadOnlySpan<double> history)
    {
        var last = SeriesMath.LastObserved(history);
        var lastSeason = new double[Period];
        for (var i = 0; i < Period; i++)
        {
            // The step that sits i steps into the final season; missing steps borrow from earlier seasons.
            var value = double.NaN;
            for (var t = history.Length - Period + i; t >= 0 && double.IsNaN(value); t -= Period)
                if (t < history.Length) value = history[t];
            lastSeason[i] = double.IsNaN(value) ? last : value;
        }
        return new Fitted(lastSeason);
    }

    // The season is a ring whose start is the step after the last one seen; a missing step keeps the value a season ago.
    private sealed class Fitted(double[] season) : IFittedForecast
    {
        private int _start;

        public double Forecast(int steps) => season[(_start + steps - 1) % season.Length];

        public void Append(double value)
        {
            if (!double.IsNaN(value)) season[_start] = value;
            _start = (_start + 1) % season.Length;
        }
    }
}
