using System.Diagnostics;
using Headroom.Adapter.Observability;
using Headroom.Adapter.Replicas;
using Headroom.Serving;
using Headroom.Signals.Pipeline;

namespace Headroom.Adapter.Snapshots;

/// <summary>Runs the signal pipeline on its interval and publishes each snapshot; requests only ever read the store.</summary>
public sealed class SnapshotRefresher(
    SignalPipeline pipeline,
    SnapshotStore store,
    SignalOptions options,
    AdapterMetrics metrics,
    TimeProvider time,
    ILogger<SnapshotRefresher> logger,
    ReplicaCoordinator? replicas = null) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        do
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await pipeline.RunCycleAsync(stoppingToken);
                // Sharing workloads, the cycle holds only the owned ones; the coordinator adds the peers' before serving.
                if (replicas is null) store.Publish(result.Snapshot);
                else replicas.PublishOwned(result.Snapshot);
                metrics.RecordCycle(result, Stopwatch.GetElapsedTime(started));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The pipeline isolates workloads, so this is a bug; the last snapshot keeps serving until it is stale.
                logger.LogError(ex, "Pipeline cycle failed");
            }
        }
        while (await timer.NextTickOrStopAsync(stoppingToken));
    }
}
