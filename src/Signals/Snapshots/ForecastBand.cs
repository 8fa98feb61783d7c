namespace Headroom.Signals.Snapshots;

/// <summary>
/// The spread of a fitted forecast of generated tokens per second one lead time ahead: between the served quantile and
/// the opposite one (0.1 when 0.9 is served), so the served forecast is its upper edge whenever the quantile is above 0.5.
/// </summary>
/// <param name="Low">The lower of the two quantiles.</param>
/// <param name="Point">The point forecast, never below zero.</param>
/// <param name="High">The higher of the two quantiles.</param>
public sealed record ForecastBand(double Low, double Point, double High);
