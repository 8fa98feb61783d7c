using Headroom.Signals.Snapshots;
using Prometheus;

namespace Headroom.Adapter.Observability;

/// <summary>The distribution of the cold starts the adapter learns from, per workload, as a histogram.</summary>
public sealed class ColdStartMetrics(MetricFactory factory)
{
    // From a quick container start to a large model pulled and loaded on a busy node.
    private readonly Histogram _coldStarts = factory.CreateHistogram("headroom_cold_start_observed_seconds",
        "Time from pod creation to ready, of each pod whose start-up the adapter learned from.",
        new HistogramConfiguration { LabelNames = ["namespace", "workload"], Buckets = Histogram.ExponentialBuckets(5, 2, 9) });

    /// <summary>Records the cold starts a workload's latest observation showed for the first time.</summary>
    public void Record(WorkloadSignals workload)
    {
        // The series exists from the first observation, so a workload with no start-up yet shows zero counts, not nothing.
        var child = _coldStarts.WithLabels(workload.Spec.Namespace, workload.Spec.Id);
        foreach (var seconds in workload.ColdStartsLearned) child.Observe(seconds);
    }
}
