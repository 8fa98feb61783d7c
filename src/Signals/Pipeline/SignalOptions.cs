namespace Headroom.Signals.Pipeline;

/// <summary>How the pipeline turns observations into signals.</summary>
public sealed record SignalOptions
{
    /// <summary>Time between pipeline cycles.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time constant of the EWMA that smooths every rate and gauge.</summary>
    public TimeSpan SmoothingWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Values older than this are not served: the request gets an error, so the HPA holds.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The HPA controller's sync period, part of the forecast lead time.</summary>
    public TimeSpan HpaSyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Quantile of cold start served and used for lead time.</summary>
    public double ColdStartQuantile { get; init; } = 0.9;

    /// <summary>Pods seen before the learned cold-start distribution replaces the prior.</summary>
    public int ColdStartMinSamples { get; init; } = 5;

    /// <summary>Mean generated tokens per request, used to turn queued requests into queued tokens.</summary>
    public double TokensPerRequest { get; init; } = 256;

    /// <summary>Demand history and fitted forecasters.</summary>
    public ForecastOptions Forecast { get; init; } = new();

    /// <summary>Most workloads observed at once.</summary>
    public int MaxConcurrentObservations { get; init; } = 16;
}
