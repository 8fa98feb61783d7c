using Headroom.Signals.Pipeline;

namespace Headroom.Adapter.Snapshots;

/// <summary>
/// Runs the forecast refit schedule (<see cref="ForecastRefits"/>) on the host's clock, off the pipeline cycle: the
/// warm start, then a round every forecast step, each within the configured wall-time budget.
/// </summary>
public sealed class ForecastRefitter(ForecastRefits refits, SignalOptions options, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Fitting is CPU work; it must not hold up the host's start.
        await Task.Yield();
        try
        {
            await refits.WarmStartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        using var timer = new PeriodicTimer(refits.Period, time);
        do
        {
            refits.RunRound(options.Forecast.RefitBudget, stoppingToken);
        }
        while (await timer.NextTickOrStopAsync(stoppingToken));
    }
}
