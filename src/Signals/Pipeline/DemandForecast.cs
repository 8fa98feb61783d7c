using Headroom.Forecast.Live;
using Headroom.Signals.Snapshots;

namespace Headroom.Signals.Pipeline;

/// <summary>Feeds one workload's demand to its forecaster and answers the forecast one lead time ahead.</summary>
/// <remarks>
/// Until a fitted model can answer (an hour of history, or a warm start), the forecast is the last value: demand now.
/// A fixed-parameter trend extrapolated one cold start ahead from seconds-scale samples turned every burst into a
/// forecast several times larger, and the last value is the baseline a fitted model must beat anyway.
/// </remarks>
internal sealed class DemandForecast(SignalOptions options)
{
    /// <summary>The model named while no fitted model can answer: the last value.</summary>
    public const string LastValue = "last-value";

    /// <summary>The workload's demand history and fitted model, refitted off the cycle.</summary>
    public LiveForecaster Fitted { get; } = new(options.Forecast.Live());

    /// <summary>Adds the demand observed at <paramref name="at"/>.</summary>
    public void Observe(DateTimeOffset at, double demand) => Fitted.Observe(at, demand);

    /// <summary>
    /// Demand <paramref name="lead"/> after <paramref name="at"/>: the fitted model's quantile, else <paramref name="now"/>;
    /// with a fitted model, also its band (between the served quantile and the opposite one) and point forecast.
    /// </summary>
    public (double Value, string Model, ForecastBand? Band) Ahead(DateTimeOffset at, TimeSpan lead, double now)
    {
        var q = options.Forecast.Quantile;
        if (Fitted.Forecast(at, lead, q) is not { } fitted) return (now, LastValue, null);
        // A refit may install another model between the two reads; a band from two models would be no band.
        var band = Fitted.Forecast(at, lead, 1 - q) is { } opposite && opposite.Model == fitted.Model
            ? new ForecastBand(Math.Min(opposite.Value, fitted.Value), Math.Max(0, fitted.Point), Math.Max(opposite.Value, fitted.Value))
            : null;
        return (fitted.Value, fitted.Model, band);
    }
}
