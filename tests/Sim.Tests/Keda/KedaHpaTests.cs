using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;

namespace Headroom.Sim.Tests.Keda;

// KedaHpa.For: the HPA newHPAForScaledObject and getScaledObjectMetricSpecs (controllers/keda/hpa.go) create.
public sealed class KedaHpaTests
{
    internal static ScaledObject Parse(string spec, string triggers = Triggers.Queue) => ScaledObjectReader.Parse($"""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {"{"}name: chat{"}"}
        spec:
          scaleTargetRef: {"{"}name: vllm{"}"}
        {Indent(spec)}
          triggers:
        {Indent(triggers)}
        """);

    private static string Indent(string block) => string.Join("\n", block.Split('\n').Select(l => "  " + l));

    [Fact]
    public void Min_is_at_least_one_and_max_defaults_to_100()
    {
        // GetHPAMinReplicas: minReplicaCount when above 0, else 1 — KEDA owns the step between 0 and 1.
        var hpa = KedaHpa.For(Parse(""));

        Assert.Equal(("keda-hpa-chat", 1, 100, (HpaBehavior?)null), (hpa.Name, hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas, hpa.Spec.Behavior));
        Assert.Equal(3, KedaHpa.For(Parse("minReplicaCount: 3\nmaxReplicaCount: 7")).Spec.MinReplicas);
    }

    [Fact]
    public void Each_trigger_becomes_an_External_metric_with_its_target_in_milli_units()
    {
        // GetMetricSpecForScaling with GetMetricTargetMili; the name is GenerateMetricNameWithIndex.
        var hpa = KedaHpa.For(Parse("", Triggers.Queue + "\n" + Triggers.PrometheusValue));

        Assert.Equal(
            [
                new MetricSpec(MetricSourceType.External, "s0-queue_depth", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 2500)),
                new MetricSpec(MetricSourceType.External, "s1-prometheus", new MetricTarget(MetricTargetType.Value, ValueMilli: 100_000)),
            ],
            hpa.Spec.Metrics);
        Assert.Equal([0, 1], hpa.TriggerOfMetric);
    }

    [Fact]
    public void Cpu_and_memory_become_resource_metrics_sorted_after_the_external_ones()
    {
        // getScaledObjectMetricSpecs sorts by type: ContainerResource < External < Resource.
        var hpa = KedaHpa.For(Parse("", """
            - type: memory
              metricType: AverageValue
              metadata: {value: 8Gi}
            - type: cpu
              metricType: Utilization
              metadata: {value: "60", containerName: server}
            """ + "\n" + Triggers.Queue));

        Assert.Equal(
            [
                new MetricSpec(MetricSourceType.ContainerResource, "cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 60), "server"),
                new MetricSpec(MetricSourceType.External, "s2-queue_depth", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 2500)),
                new MetricSpec(MetricSourceType.Resource, "memory", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 8L * 1024 * 1024 * 1024 * 1000)),
            ],
            hpa.Spec.Metrics);
        Assert.Equal([1, 2, 0], hpa.TriggerOfMetric);
    }

    [Fact]
    public void The_behavior_and_name_of_horizontalPodAutoscalerConfig_are_copied()
    {
        var hpa = KedaHpa.For(Parse("""
            advanced:
              horizontalPodAutoscalerConfig:
                name: chat-hpa
                behavior:
                  scaleUp: {stabilizationWindowSeconds: 30, selectPolicy: Min, policies: [{type: Percent, value: 50, periodSeconds: 60}]}
            """));

        Assert.Equal("chat-hpa", hpa.Name);
        Assert.Equal((30, SelectPolicy.Min), (hpa.Spec.Behavior!.ScaleUp.StabilizationWindowSeconds, hpa.Spec.Behavior.ScaleUp.SelectPolicy));
        Assert.Equal([new ScalingPolicy(ScalingPolicyType.Percent, 50, 60)], hpa.Spec.Behavior.ScaleUp.Policies);
        // The direction left out takes defaultHPAScaleDownRules.
        Assert.Equal(ScalingRules.DefaultScaleDown.Policies, hpa.Spec.Behavior.ScaleDown.Policies);
    }

    [Fact]
    public void A_bad_behavior_is_refused_with_its_path_in_the_ScaledObject()
    {
        var e = Assert.Throws<ScaledObjectException>(() => Parse("""
            advanced:
              horizontalPodAutoscalerConfig:
                behavior:
                  scaleDown: {stabilizationWindowSeconds: 7200}
            """));

        Assert.Contains("spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 7200", e.Message);
    }

    [Theory]
    [InlineData("advanced:\n  scalingModifiers: {formula: \"s0 + 1\", target: \"2\"}", Triggers.Queue, "spec.advanced.scalingModifiers")]
    [InlineData("", "- type: kafka\n  metadata: {topic: t}", "spec.triggers[0].type: \"kafka\" is not modelled")]
    public void What_the_model_does_not_cover_is_refused_by_name(string spec, string triggers, string message)
    {
        var e = Assert.Throws<ScaledObjectException>(() => KedaHpa.For(Parse(spec, triggers)));

        Assert.StartsWith(message, e.Message);
    }
}

// Trigger blocks shared by the KEDA tests.
internal static class Triggers
{
    // Headroom's external scaler: target 2.5 per replica, active above 0.5.
    public const string Queue = """
        - type: external
          metadata: {scalerAddress: "headroom:9443", metric: queue_depth, target: "2.5", activationTarget: "0.5"}
        """;

    public const string PrometheusValue = """
        - type: prometheus
          metricType: Value
          metadata: {serverAddress: "http://prom:9090", query: "sum(x)", threshold: "100"}
        """;
}
