using Headroom.Forecast.Live;

namespace Headroom.Signals.Pipeline;

/// <summary>How each workload's demand history is kept and the fitted forecasters are refitted.</summary>
public sealed record ForecastOptions
{
    /// <summary>Step of the kept demand history; live samples within a step are averaged.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Demand history kept per workload: a week and a day, so a daily season has many seasons to learn from.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromDays(8);

    /// <summary>History needed before a fitted model may replace the last value as the forecast.</summary>
    public TimeSpan MinHistory { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Most recent history held out to choose the method and measure its errors.</summary>
    public TimeSpan Holdout { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Most recent history (before the held-out part) that parameters are fitted on: three days, three daily seasons.</summary>
    public TimeSpan FitWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>The quantile of forecast demand served and used for replicas.</summary>
    public double Quantile { get; init; } = 0.9;

    /// <summary>A workload's model is chosen and fitted again once it is this old.</summary>
    public TimeSpan RefitInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Wall time one refit round may spend; workloads not reached wait for the next round, oldest first.</summary>
    public TimeSpan RefitBudget { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether demand history is loaded from the source (Prometheus range queries) at start-up.</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>The per-series settings of the forecaster, with a daily season when the step divides a day.</summary>
    public LiveForecastOptions Live()
    {
        var day = TimeSpan.FromDays(1);
        var season = day.Ticks % Step.Ticks == 0 ? (int)(day.Ticks / Step.Ticks) : 0;
        return new LiveForecastOptions(Step, Steps(History), Math.Max(1, Steps(MinHistory)), Math.Max(1, Steps(Holdout)), season, Math.Max(1, Steps(FitWindow)));
    }

    private int Steps(TimeSpan span) => (int)Math.Min(int.MaxValue, span.Ticks / Step.Ticks);
}
