using Headroom.Signals.Sources;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// The forecast refit schedule every host runs: first a warm start from the source's demand history, where the
/// source keeps one, then a refit round every forecast step. The adapter drives it on a timer; the simulator at
/// each simulated forecast step. Due times follow the pipeline's clock.
/// </summary>
public sealed class ForecastRefits(SignalPipeline pipeline, IWorkloadSource source, SignalOptions options, ILogger<ForecastRefits> logger)
{
    /// <summary>Time from one refit round to the next: the forecast step, at which the demand history grows.</summary>
    public TimeSpan Period => options.Forecast.Step;

    /// <summary>Loads demand history when warm start is on and the source keeps history; otherwise does nothing.</summary>
    public Task WarmStartAsync(CancellationToken cancellationToken) =>
        options.Forecast.WarmStart && source is IDemandHistorySource history
            ? pipeline.WarmStartAsync(history, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// One round: refits the workloads that are due within <paramref name="budget"/> of wall time (none: all of them).
    /// Returns the number of models installed.
    /// </summary>
    public int RunRound(TimeSpan? budget, CancellationToken cancellationToken)
    {
        try
        {
            return pipeline.RefitForecasts(budget, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A bug in fitting must not stop refits of other workloads at the next round; the served forecast stays as it was.
            logger.LogError(ex, "Forecast refit round failed");
            return 0;
        }
    }
}
