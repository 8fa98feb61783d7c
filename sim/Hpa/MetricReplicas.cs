namespace Headroom.Sim.Hpa;

// HorizontalController.computeReplicasForMetric and the computeStatusFor*Metric functions it calls
// (horizontal.go): which replica calculation a metric's source and target select.
internal static class MetricReplicas
{
    public static int Compute(MetricSpec spec, MetricSample sample, int specReplicas, int statusReplicas, Tolerances tolerances, IReadOnlyList<PodState> pods)
    {
        if (sample is FailedSample failed)
        {
            throw new MetricException(failed.Reason);
        }
        var target = spec.Target;
        switch (spec.Type)
        {
            case MetricSourceType.Object:
                return ObjectReplicas(spec, Total(spec, sample), specReplicas, statusReplicas, tolerances, pods);
            case MetricSourceType.Pods:
                // computeStatusForPodsMetric.
                return ReplicaCalculator.PodsMetricReplicas(specReplicas, Required(target.AverageValueMilli, spec), tolerances, pods, PerPod(spec, sample));
            case MetricSourceType.Resource or MetricSourceType.ContainerResource:
                return ResourceReplicas(spec, PerPod(spec, sample), specReplicas, tolerances, pods);
            case MetricSourceType.External:
                return ExternalReplicas(spec, Total(spec, sample), specReplicas, statusReplicas, tolerances, pods);
            default:
                throw new MetricException($"unknown metric source type \"{spec.Type}\"");
        }
    }

    // computeStatusForObjectMetric: chosen by the target's type.
    private static int ObjectReplicas(MetricSpec spec, long usage, int specReplicas, int statusReplicas, Tolerances tolerances, IReadOnlyList<PodState> pods)
    {
        var target = spec.Target;
        if (target.Type == MetricTargetType.Value && target.ValueMilli is { } value)
        {
            return ReplicaCalculator.ValueReplicas(specReplicas, value, usage, tolerances, pods);
        }
        if (target.Type == MetricTargetType.AverageValue && target.AverageValueMilli is { } averageValue)
        {
            return ReplicaCalculator.PerPodValueReplicas(statusReplicas, averageValue, usage, tolerances);
        }
        throw new MetricException("invalid object metric source: neither a value target nor an average value target was set");
    }

    // computeStatusForResourceMetricGeneric: an average value, when set, wins over a utilization.
    private static int ResourceReplicas(MetricSpec spec, PerPodSample sample, int specReplicas, Tolerances tolerances, IReadOnlyList<PodState> pods)
    {
        var target = spec.Target;
        if (target.AverageValueMilli is { } averageValue)
        {
            return ReplicaCalculator.RawResourceReplicas(specReplicas, averageValue, spec.Name, tolerances, pods, sample);
        }
        if (target.AverageUtilization is not { } utilization)
        {
            throw new MetricException("invalid resource metric source: neither an average utilization target nor an average value (usage) target was set");
        }
        return ReplicaCalculator.ResourceReplicas(specReplicas, utilization, spec.Name, tolerances, pods, sample);
    }

    // computeStatusForExternalMetric: chosen by which target field is set, average value first.
    private static int ExternalReplicas(MetricSpec spec, long usage, int specReplicas, int statusReplicas, Tolerances tolerances, IReadOnlyList<PodState> pods)
    {
        var target = spec.Target;
        if (target.AverageValueMilli is { } averageValue)
        {
            return ReplicaCalculator.PerPodValueReplicas(statusReplicas, averageValue, usage, tolerances);
        }
        if (target.ValueMilli is { } value)
        {
            return ReplicaCalculator.ValueReplicas(specReplicas, value, usage, tolerances, pods);
        }
        throw new MetricException("invalid external metric source: neither a value target nor an average value target was set");
    }

    private static long Required(long? averageValue, MetricSpec spec) =>
        averageValue ?? throw new MetricException($"pods metric {spec.Name} has no target averageValue");

    private static PerPodSample PerPod(MetricSpec spec, MetricSample sample) =>
        sample as PerPodSample ?? throw new ArgumentException($"{spec.Type} metric {spec.Key} needs per-pod values, not {sample.GetType().Name}");

    private static long Total(MetricSpec spec, MetricSample sample) =>
        (sample as TotalSample)?.ValueMilli ?? throw new ArgumentException($"{spec.Type} metric {spec.Key} needs a total value, not {sample.GetType().Name}");
}
