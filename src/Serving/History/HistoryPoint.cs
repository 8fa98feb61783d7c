namespace Headroom.Serving.History;

/// <summary>One workload's signals at one observation, as the live page charts them; a missing value is null, never zero.</summary>
/// <param name="At">When the values were observed.</param>
/// <param name="PromptDemand">Prompt tokens asked per second.</param>
/// <param name="Demand">Generated tokens asked per second.</param>
/// <param name="Forecast">Forecast generated tokens per second one lead time after <paramref name="At"/> (the served quantile).</param>
/// <param name="ForecastLow">Lower edge of the fitted forecast's band; null while the forecast is the last value.</param>
/// <param name="ForecastPoint">The fitted point forecast; null while the forecast is the last value.</param>
/// <param name="ForecastHigh">Upper edge of the fitted forecast's band; null while the forecast is the last value.</param>
/// <param name="LeadSeconds">How far ahead the forecast looks.</param>
/// <param name="Ready">Ready replicas.</param>
/// <param name="Starting">Replicas that exist but are not ready yet.</param>
/// <param name="Desired">Replicas the decision asked for.</param>
/// <param name="Queue">Requests waiting.</param>
/// <param name="KvCache">Mean KV-cache use, 0 to 1.</param>
/// <param name="GpuDuty">Mean GPU duty cycle, 0 to 1.</param>
public sealed record HistoryPoint(
    DateTimeOffset At,
    double? PromptDemand,
    double? Demand,
    double? Forecast,
    double? ForecastLow,
    double? ForecastPoint,
    double? ForecastHigh,
    double? LeadSeconds,
    int? Ready,
    int? Starting,
    int? Desired,
    double? Queue,
    double? KvCache,
    double? GpuDuty);
