using Headroom.Serving;
using Headroom.Serving.History;

namespace Headroom.Adapter.Snapshots;

/// <summary>Keeps the signal history following the published snapshots, whoever publishes them.</summary>
public sealed class HistoryRecorder(SignalHistory history, SnapshotStore store) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => history.FollowAsync(store, stoppingToken);
}
