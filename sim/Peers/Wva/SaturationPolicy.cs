using Headroom.Signals.Catalog;
using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Peers.Wva;

/// <summary>
/// The llm-d workload-variant-autoscaler's saturation analyzer (llm-d-incubation/workload-variant-autoscaler,
/// docs/saturation-analyzer.md; its ConfigMap defaults), for one variant. Each reconcile it takes each ready pod's
/// peak KV-cache use and waiting requests over the last minute (its collector queries max_over_time[1m]); a pod is
/// saturated at KV ≥ kvCacheThreshold or queue ≥ queueLengthThreshold. Over the others it averages the spare
/// capacity (threshold − use). It scales up to ready + 1 when the spare KV is below kvSpareTrigger or the spare queue
/// below queueSpareTrigger (or every pod is saturated); down to ready − 1 when, with the non-saturated load spread
/// over one pod fewer, both spares stay at or above their triggers and at least two pods are non-saturated; else it
/// holds. A target not yet reached is kept (its "preserve desired" rule). It publishes the target as
/// wva_desired_replicas, which an HPA reads.
/// </summary>
public sealed class SaturationPolicy
{
    /// <summary>The metric WVA publishes and an HPA reads.</summary>
    public const string MetricName = "wva_desired_replicas";

    private const double KvCacheThreshold = 0.80;
    private const double QueueLengthThreshold = 5;
    private const double KvSpareTrigger = 0.1;
    private const double QueueSpareTrigger = 3;
    private static readonly TimeSpan PeakWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Queue<(double At, double Kv, double Queue)>> _peaks = new(StringComparer.Ordinal);
    private double _lastReconcile = double.NegativeInfinity;
    private int? _target;

    /// <summary>Reads the fleet at a sync and answers wva_desired_replicas, or an error while no pod reports.</summary>
    public MetricSample Read(ControllerView view)
    {
        var now = view.Now.TotalSeconds;
        if (view.Metrics.Problem is { } problem) return MetricSample.Failed(problem);
        Observe(view, now);
        if (now - _lastReconcile >= ReconcileInterval.TotalSeconds || _target is null)
        {
            _lastReconcile = now;
            _target = Decide(view.CurrentReplicas);
        }
        return MetricSample.Total(_target.Value * 1000L);
    }

    private void Observe(ControllerView view, double now)
    {
        var pods = view.Metrics.PodSamples(CatalogMetric.KvCacheUtilization, CatalogMetric.QueueDepth);
        foreach (var name in _peaks.Keys.Where(k => !pods.ContainsKey(k)).ToArray()) _peaks.Remove(name);
        foreach (var (name, (kv, queue)) in pods)
        {
            if (!_peaks.TryGetValue(name, out var samples)) _peaks[name] = samples = new Queue<(double, double, double)>();
            samples.Enqueue((now, kv, queue));
            while (samples.Peek().At < now - PeakWindow.TotalSeconds) samples.Dequeue();
        }
    }

    private int Decide(int current)
    {
        var ready = _peaks.Count;
        // A target not yet reached stands: pods are still starting.
        if (_target is { } target && target != current) return target;
        if (ready == 0) return current;
        var open = _peaks.Values.Select(s => (Kv: s.Max(x => x.Kv), Queue: s.Max(x => x.Queue)))
            .Where(p => p.Kv < KvCacheThreshold && p.Queue < QueueLengthThreshold).ToArray();
        if (open.Length == 0) return ready + 1;
        var spareKv = open.Average(p => KvCacheThreshold - p.Kv);
        var spareQueue = open.Average(p => QueueLengthThreshold - p.Queue);
        if (spareKv < KvSpareTrigger || spareQueue < QueueSpareTrigger) return ready + 1;
        if (open.Length >= 2)
        {
            var kvAfter = KvCacheThreshold - open.Sum(p => p.Kv) / (open.Length - 1);
            var queueAfter = QueueLengthThreshold - open.Sum(p => p.Queue) / (open.Length - 1);
            if (kvAfter >= KvSpareTrigger && queueAfter >= QueueSpareTrigger) return Math.Max(1, ready - 1);
        }
        return ready;
    }
}
