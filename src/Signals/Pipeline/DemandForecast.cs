using Headroom.Forecast.Live;

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

    /// <summary>Demand <paramref name="lead"/> after <paramref name="at"/>: the fitted model's quantile, else <paramref name="now"/>.</summary>
    public (double Value, string Model) Ahead(DateTimeOffset at, TimeSpan lead, double now) =>
        Fitted.Forecast(at, lead, options.Forecast.Quantile) is { } fitted ? (fitted.Value, fitted.Model) : (now, LastValue);
}
