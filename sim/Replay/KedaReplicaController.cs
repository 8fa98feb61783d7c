using Headroom.Signals.Catalog;
using Headroom.Signals.Scaling;
using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;

namespace Headroom.Sim.Replay;

/// <summary>
/// The KEDA model as a replay controller. Each Headroom trigger reads the snapshot as the adapter answers KEDA:
/// the external scaler's GetMetrics and IsActive from the adapter's own answers (<see cref="SnapshotMetrics.External"/>),
/// and the metrics-api document's value at its valueLocation; a prometheus trigger's query on an engine metric from the
/// fleet's per-pod readings (<see cref="PrometheusQuery"/>). Other scalers cannot be replayed and read as errors.
/// </summary>
public sealed class KedaReplicaController : IReplicaController
{
    private readonly KedaController _controller;
    private readonly Func<SnapshotMetrics, TriggerReading>[] _triggers;
    private ScalingLimit _limited;

    /// <summary>Models <paramref name="scaledObject"/>; its triggers' metadata is checked here, as the adapter would check it.</summary>
    /// <exception cref="ScaledObjectException">A trigger's metadata is not what Headroom serves.</exception>
    public KedaReplicaController(ScaledObject scaledObject)
    {
        var options = new KedaControllerOptions();
        _controller = new KedaController(scaledObject, options);
        var ns = scaledObject.Metadata.Namespace ?? "default";
        _triggers = scaledObject.Spec.Triggers.Select((t, i) => Reader(t, ns, $"spec.triggers[{i}]")).ToArray();
        // Ticks land on every poll and every HPA sync: the greatest common divisor of the two periods.
        Period = TimeSpan.FromSeconds(Gcd(scaledObject.Spec.PollingInterval, (long)options.Hpa.SyncPeriod.TotalSeconds));
        InitialReplicas = Math.Max(1, scaledObject.Spec.MinReplicaCount);
    }

    /// <inheritdoc />
    public TimeSpan Period { get; }

    /// <inheritdoc />
    public int InitialReplicas { get; }

    /// <inheritdoc />
    public string MaxReplicasField => "maxReplicaCount";

    /// <inheritdoc />
    public ControllerDecision Sync(ControllerView view)
    {
        var readings = _triggers.Select(read => read(view.Metrics)).ToArray();
        var pods = view.Pods.Select(p => new PodState(p.Name, p.Ready ? PodPhase.Running : PodPhase.Pending, p.Ready)).ToList();
        var decision = _controller.Tick(view.Now, readings, view.CurrentReplicas, pods);
        // The condition is the HPA's: it holds from one of its syncs to the next, across KEDA's polls in between.
        if (decision.HpaSync is { } sync) _limited = sync.Decision.Limited;
        return new ControllerDecision(decision.DesiredReplicas, decision.HpaSync?.Decision.Proposal) { Limited = _limited };
    }

    private static Func<SnapshotMetrics, TriggerReading> Reader(ScaleTrigger trigger, string ns, string path)
    {
        switch (trigger.Type)
        {
            case "external" or "external-push":
                ScalerMetadata metadata;
                try
                {
                    metadata = ScalerMetadata.Parse(trigger.Metadata, ns);
                }
                catch (ScalerMetadataException e)
                {
                    throw new ScaledObjectException($"{path}.metadata: {e.Message}");
                }
                // GetMetricsAndActivity: GetMetrics first (an error there fails the poll), then IsActive.
                return metrics => metrics.External(metadata);
            case "metrics-api" when trigger.Metadata.GetValueOrDefault("valueLocation") is { } location
                && location.StartsWith("metrics.", StringComparison.Ordinal)
                && MetricCatalog.TryGet(location["metrics.".Length..], out var signal):
                return metrics => metrics.Workload() is { } w && w.Values[signal.Id] is { } v
                    ? TriggerReading.Of(v)
                    : TriggerReading.Failed(metrics.Problem ?? $"{signal.Name} is absent from the document");
            case "prometheus":
                // KEDA's Prometheus scaler on an engine metric, the recipe most guides give: answered from the same
                // per-pod readings, in the metric's own unit.
                var query = PrometheusQuery.Parse(trigger.Metadata.GetValueOrDefault("query") ?? "", $"{path}.metadata");
                return query.Read;
            default:
                var reason = $"{path}: a {trigger.Type} trigger is not modelled, so the replay cannot answer it";
                return _ => TriggerReading.Failed(reason);
        }
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
