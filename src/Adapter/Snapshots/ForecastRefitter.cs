using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;

namespace Headroom.Adapter.Snapshots;

/// <summary>
/// Keeps the fitted forecasters current, off the pipeline cycle: first loads demand history where the source
/// keeps it (a warm start), then every forecast step refits the workloads that are due, within the refit budget.
/// </summary>
public sealed class ForecastRefitter(
    SignalPipeline pipeline,
    IWorkloadSource source,
    SignalOptions options,
    TimeProvider time,
    ILogger<ForecastRefitter> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Fitting is CPU work; it must not hold up the host's start.
        await Task.Yield();
        var forecast = options.Forecast;
        if (forecast.WarmStart && source is IDemandHistorySource history)
        {
            try
            {
                await pipeline.WarmStartAsync(history, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        using var timer = new PeriodicTimer(forecast.Step, time);
        do
        {
            try
            {
                pipeline.RefitForecasts(forecast.RefitBudget, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug in fitting must not stop refits of other workloads at the next round; the served forecast stays as it was.
                logger.LogError(ex, "Forecast refit round failed");
            }
        }
        while (await timer.NextTickOrStopAsync(stoppingToken));
    }
}
