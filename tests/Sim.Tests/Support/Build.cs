using Headroom.Sim.Hpa;

namespace Headroom.Sim.Tests.Support;

// Terse constructors for controller inputs. Pods are p0, p1, …; values are milli-units.
internal static class Build
{
    public static List<PodState> Pods(int count) => [.. Enumerable.Range(0, count).Select(i => new PodState($"p{i}"))];

    // Per-pod values for p0, p1, …; a null leaves that pod without a metric.
    public static MetricSample PerPod(params long?[] values) => MetricSample.PerPod(Values(values));

    // Per-pod usage with the same request on every one of podCount pods.
    public static MetricSample Usage(long request, int podCount, params long?[] usage) =>
        MetricSample.PerPod(Values(usage), Enumerable.Range(0, podCount).ToDictionary(i => $"p{i}", _ => request));

    public static MetricSpec PodsMetric(long averageValue) => new(MetricSourceType.Pods, "requests_per_second", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: averageValue));

    public static MetricSpec Cpu(int utilization) => new(MetricSourceType.Resource, "cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: utilization));

    public static MetricSpec External(long? value = null, long? averageValue = null, string name = "queue_depth") =>
        new(MetricSourceType.External, name, new MetricTarget(value is null ? MetricTargetType.AverageValue : MetricTargetType.Value, ValueMilli: value, AverageValueMilli: averageValue));

    public static MetricSpec Object(long? value = null, long? averageValue = null) =>
        new(MetricSourceType.Object, "requests", new MetricTarget(value is null ? MetricTargetType.AverageValue : MetricTargetType.Value, ValueMilli: value, AverageValueMilli: averageValue));

    public static HpaSpec Spec(int min, int max, params MetricSpec[] metrics) => new(min, max, metrics);

    // The first sync the controller makes of an HPA: at t = 0, with no history.
    public static HpaDecision FirstSync(HpaSpec spec, int current, IReadOnlyList<PodState> pods, params MetricSample[] samples) =>
        new HpaController().Sync(spec, new HpaSyncInput(TimeSpan.Zero, current, pods, samples), HpaHistory.Empty);

    private static Dictionary<string, long> Values(long?[] values) =>
        values.Select((v, i) => (Pod: $"p{i}", Value: v)).Where(x => x.Value is not null).ToDictionary(x => x.Pod, x => x.Value!.Value);
}
