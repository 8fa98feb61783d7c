using Headroom.Serving;
using Headroom.Serving.Keda;
using Headroom.Serving.Provider;
using Headroom.Serving.Quantities;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Scaling;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;
using MetricSample = Headroom.Sim.Hpa.MetricSample;

namespace Headroom.Sim.Replay;

/// <summary>
/// The metrics APIs as a controller of the replay reads them: a thin view over the adapter's own provider
/// (<see cref="SnapshotMetricsProvider"/>) answering from a published snapshot at one instant. External and Object
/// metrics get the workload's value, Pods metrics each ready pod's value, each as the quantity the adapter serves
/// and the HPA reads; a missing or stale value is an error, never zero. The replay has one workload, which every
/// metric and trigger reads.
/// </summary>
public sealed class SnapshotMetrics
{
    private static readonly GroupResource Pods = new("", "pods");
    private static readonly GroupResource Deployments = new("apps", "deployments");
    private readonly SnapshotMetricsProvider _provider;
    private readonly WorkloadSpec _spec;
    private readonly LabelSelector _workloadSeries;
    private readonly WorkloadSignals? _workload;
    private readonly WorkloadReading? _reading;

    /// <summary>What the adapter answers for <paramref name="workload"/> at <paramref name="now"/> with <paramref name="snapshot"/> published.</summary>
    public SnapshotMetrics(SignalSnapshot snapshot, WorkloadSpec workload, DateTimeOffset now, SignalOptions options)
        : this(Provider(snapshot, now, options), snapshot, workload, SeriesOf(workload))
    {
    }

    /// <summary>A view over a provider whose clock already reads the instant of the sync.</summary>
    internal SnapshotMetrics(SnapshotMetricsProvider provider, SignalSnapshot snapshot, WorkloadSpec workload, LabelSelector workloadSeries)
    {
        _provider = provider;
        _spec = workload;
        _workloadSeries = workloadSeries;
        _workload = snapshot.InNamespace(workload.Namespace).FirstOrDefault(w => w.Spec.Id == workload.Id);
        Scaler = new ExternalScalerAnswers(provider);
        try
        {
            _reading = provider.GetWorkload(workload.Namespace, workload.Name, workload.Role?.Name);
        }
        catch (MetricsProviderException e)
        {
            Problem = e.Message;
        }
    }

    /// <summary>What the adapter answers with only <paramref name="workload"/>'s signals published.</summary>
    public SnapshotMetrics(WorkloadSignals workload, DateTimeOffset now, SignalOptions options)
        : this(new SignalSnapshot(now, [workload]), workload.Spec, now, options)
    {
    }

    /// <summary>What the adapter answers with only <paramref name="workload"/>'s signals published and one staleness bound for every signal.</summary>
    public SnapshotMetrics(WorkloadSignals workload, DateTimeOffset now, TimeSpan staleAfter)
        : this(workload, now, new SignalOptions { StaleAfter = staleAfter })
    {
    }

    /// <summary>A workload-level value as the adapter serves it, or null when missing or stale.</summary>
    public double? Value(CatalogMetric metric) => _reading?.Values[metric];

    /// <summary>The workload's values and ready pods as Headroom's KEDA scaler reads them, or null when missing or stale.</summary>
    public (int ReadyPods, MetricValues Values)? Workload() => _reading is { } r ? (r.ReadyPods, r.Values) : null;

    /// <summary>Each ready pod's value of <paramref name="metric"/> (pods without one left out), or null when the data is missing or stale.</summary>
    public IReadOnlyList<double>? PodValues(CatalogMetric metric)
    {
        if (_reading is null || _workload is null) return null;
        var values = new List<double>(_workload.Pods.Count);
        foreach (var pod in _workload.Pods)
        {
            if (pod.Values[metric] is { } v) values.Add(v);
        }
        return values;
    }

    /// <summary>Each ready pod's values of two metrics, by pod name, for pods that report both (empty when stale).</summary>
    public IReadOnlyDictionary<string, (double First, double Second)> PodSamples(CatalogMetric first, CatalogMetric second)
    {
        var samples = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        if (_reading is null || _workload is null) return samples;
        foreach (var pod in _workload.Pods)
        {
            if (pod.Values[first] is { } a && pod.Values[second] is { } b) samples[pod.Name] = (a, b);
        }
        return samples;
    }

    /// <summary>The inputs and reason of Headroom's desired-replicas decision, when it could be made.</summary>
    public ReplicaDecision? Decision => _workload?.Decision;

    /// <summary>Why the workload's values cannot be served, or null when they can.</summary>
    public string? Problem { get; }

    /// <summary>Headroom's external scaler answers (GetMetrics, IsActive) from the same provider.</summary>
    public ExternalScalerAnswers Scaler { get; }

    /// <summary>
    /// What Headroom's external scaler returns to one poll of a trigger: GetMetrics' value, then IsActive's answer, or
    /// the error of the first that fails. The trigger is read on the replay's workload whatever workload it names.
    /// </summary>
    public TriggerReading External(ScalerMetadata metadata)
    {
        var own = metadata with { Namespace = _spec.Namespace, Workload = _spec.Name, Role = _spec.Role?.Name };
        try
        {
            var value = Scaler.MetricValue(own);
            return TriggerReading.Of(value, Scaler.IsActive(own));
        }
        catch (MetricsProviderException e)
        {
            return TriggerReading.Failed(e.Message);
        }
    }

    /// <summary>What the metrics API returns for one metric of an HPA, in the milli-units the HPA reads the served quantity in.</summary>
    public MetricSample Read(MetricSpec metric)
    {
        if (metric.Type is MetricSourceType.Resource or MetricSourceType.ContainerResource)
            return MetricSample.Failed($"the simulator has no resource metrics ({metric.Key}); use a headroom_* metric");
        try
        {
            switch (metric.Type)
            {
                case MetricSourceType.Pods:
                    // The scale target's selector selects the workload's pods: all of the replay namespace's pods.
                    var pods = _provider.GetMetricBySelector(_spec.Namespace, Pods, LabelSelector.Everything, metric.Name, LabelSelector.Everything);
                    return pods.Count == 0
                        ? MetricSample.Failed($"no pod reports {metric.Name}")
                        : MetricSample.PerPod(pods.ToDictionary(p => p.Object.Name, p => Milli(p.Sample.Value)));
                case MetricSourceType.Object:
                    return MetricSample.Total(Milli(_provider.GetMetricByName(_spec.Namespace, Deployments, _spec.DeploymentName, metric.Name, LabelSelector.Everything).Sample.Value));
                default:
                    // The HPA sums an external metric's series; no series is an error.
                    var series = _provider.GetExternalMetric(_spec.Namespace, _workloadSeries, metric.Name);
                    return series.Count == 0
                        ? MetricSample.Failed($"no series of {metric.Name} for workload {_spec.Id}")
                        : MetricSample.Total(series.Sum(s => Milli(s.Value)));
            }
        }
        catch (MetricsProviderException e)
        {
            return MetricSample.Failed(e.Message);
        }
    }

    /// <summary>The selector of the workload's external series, as an HPA's external metric names it (with its role, for a role).</summary>
    internal static LabelSelector SeriesOf(WorkloadSpec workload) =>
        LabelSelector.Parse(workload.Role is { } role ? $"workload={workload.Name},role={role.Name}" : $"workload={workload.Name}");

    private static SnapshotMetricsProvider Provider(SignalSnapshot snapshot, DateTimeOffset now, SignalOptions options)
    {
        var store = new SnapshotStore();
        store.Publish(snapshot);
        return new SnapshotMetricsProvider(store, options, SimulatedClock.At(now));
    }

    // The quantity the adapter writes, read back as the HPA reads it: Quantity.MilliValue.
    private static long Milli(double value) => Quantities.Milli(ServedValue.Exact(value));
}
