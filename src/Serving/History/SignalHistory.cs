using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Serving.History;

/// <summary>
/// The recent past of every workload's charted signals, in memory, fed from the published snapshots, so the live page
/// never makes a request reach a source. Bounded: at most one point per workload in each step of the resolution, and
/// none older than the window before the workload's newest.
/// </summary>
public sealed class SignalHistory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Id), List<HistoryPoint>> _series = [];
    private WorkloadSpec[] _order = [];

    /// <summary>Creates an empty history.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The resolution is not positive, or longer than the window.</exception>
    public SignalHistory(TimeSpan window, TimeSpan resolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(resolution, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, resolution);
        Window = window;
        Resolution = resolution;
    }

    /// <summary>An hour at five seconds: the live page's span, at most 721 points per workload.</summary>
    public static SignalHistory LastHour() => new(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));

    /// <summary>How far back points are kept.</summary>
    public TimeSpan Window { get; }

    /// <summary>The step of the kept points: observations within one step after the first are not kept.</summary>
    public TimeSpan Resolution { get; }

    /// <summary>Adds each workload's observation when it falls in a step not yet kept; forgets workloads no longer published.</summary>
    public void Record(SignalSnapshot snapshot)
    {
        lock (_gate)
        {
            _order = snapshot.Workloads.Select(w => w.Spec).ToArray();
            var published = _order.Select(w => (w.Namespace, w.Id)).ToHashSet();
            foreach (var gone in _series.Keys.Where(k => !published.Contains(k)).ToArray()) _series.Remove(gone);
            foreach (var workload in snapshot.Workloads)
            {
                // Not observed yet, or observations failing: a gap, not a repeated last value.
                if (workload.ObservedAt is not { } at) continue;
                var key = (workload.Spec.Namespace, workload.Spec.Id);
                if (!_series.TryGetValue(key, out var points)) _series[key] = points = [];
                if (points.Count > 0 && Step(at) <= Step(points[^1].At)) continue;
                points.Add(PointOf(workload, at));
                var kept = points.FindIndex(p => p.At >= at - Window);
                if (kept > 0) points.RemoveRange(0, kept);
            }
        }
    }

    /// <summary>Every workload's points observed after <paramref name="after"/> (all of them when null), in the snapshot's order of workloads.</summary>
    public IReadOnlyList<WorkloadHistory> After(DateTimeOffset? after)
    {
        lock (_gate)
        {
            return _order.Select(spec => new WorkloadHistory(spec.Namespace, spec.Name,
                _series.TryGetValue((spec.Namespace, spec.Id), out var points) ? points.Where(p => after is null || p.At > after).ToArray() : [])
            {
                Role = spec.Role?.Name,
            }).ToArray();
        }
    }

    /// <summary>Records the current snapshot and then every one published, until cancelled.</summary>
    public async Task FollowAsync(SnapshotStore store, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // Asked for before reading Current, so that a snapshot published in between is not missed.
                var next = store.NextPublish;
                if (store.HasCompletedCycle) Record(store.Current);
                await next.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private long Step(DateTimeOffset at) => at.UtcTicks / Resolution.Ticks;

    private static HistoryPoint PointOf(WorkloadSignals workload, DateTimeOffset at)
    {
        var d = workload.Decision;
        var v = workload.Values;
        // Whole milliseconds: the most a browser's Date.parse reads, so that the page's "after" is the instant it was sent.
        at = new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return new HistoryPoint(at, d?.PromptDemand, d?.Demand, d?.ForecastDemand,
            d?.ForecastBand?.Low, d?.ForecastBand?.Point, d?.ForecastBand?.High, d?.LeadTimeSeconds,
            d?.ReadyReplicas ?? workload.Pods.Count, d?.StartingReplicas, d?.Desired,
            v[CatalogMetric.QueueDepth], v[CatalogMetric.KvCacheUtilization], v[CatalogMetric.GpuDutyCycle]);
    }
}
