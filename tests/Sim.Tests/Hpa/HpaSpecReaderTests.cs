using Headroom.Sim.Hpa;

namespace Headroom.Sim.Tests.Hpa;

// HpaSpecReader: KubernetesClient's typed model, then pkg/apis/autoscaling/v2/defaults.go and the
// checks of pkg/apis/autoscaling/validation/validation.go.
public sealed class HpaSpecReaderTests
{
    private const string Head = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: chat
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: chat}

        """;

    [Fact]
    public void Every_source_and_target_type_is_read_in_milli_units()
    {
        var spec = HpaSpecReader.Parse(Head + """
              minReplicas: 2
              maxReplicas: 30
              metrics:
              - type: Resource
                resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
              - type: Resource
                resource: {name: memory, target: {type: AverageValue, averageValue: 512Mi}}
              - type: ContainerResource
                containerResource: {name: cpu, container: vllm, target: {type: Utilization, averageUtilization: 80}}
              - type: Pods
                pods: {metric: {name: running_requests}, target: {type: AverageValue, averageValue: 1500m}}
              - type: Object
                object:
                  describedObject: {apiVersion: apps/v1, kind: Deployment, name: chat}
                  metric: {name: token_throughput}
                  target: {type: Value, value: 2k}
              - type: Object
                object:
                  describedObject: {apiVersion: apps/v1, kind: Deployment, name: chat}
                  metric: {name: queue_depth}
                  target: {type: AverageValue, averageValue: "10"}
              - type: External
                external: {metric: {name: headroom_desired_replicas}, target: {type: Value, value: "1"}}
              - type: External
                external: {metric: {name: headroom_queue_depth}, target: {type: AverageValue, averageValue: 2500m}}
            """);

        Assert.Equal((2, 30, null), (spec.MinReplicas, spec.MaxReplicas, spec.Behavior));
        Assert.Equal(
            [
                new MetricSpec(MetricSourceType.Resource, "cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 70)),
                new MetricSpec(MetricSourceType.Resource, "memory", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 512L * 1024 * 1024 * 1000)),
                new MetricSpec(MetricSourceType.ContainerResource, "cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80), "vllm"),
                new MetricSpec(MetricSourceType.Pods, "running_requests", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 1500)),
                new MetricSpec(MetricSourceType.Object, "token_throughput", new MetricTarget(MetricTargetType.Value, ValueMilli: 2_000_000)),
                new MetricSpec(MetricSourceType.Object, "queue_depth", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 10_000)),
                new MetricSpec(MetricSourceType.External, "headroom_desired_replicas", new MetricTarget(MetricTargetType.Value, ValueMilli: 1000)),
                new MetricSpec(MetricSourceType.External, "headroom_queue_depth", new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 2500)),
            ],
            spec.Metrics);
        Assert.Equal("vllm/cpu", spec.Metrics[2].Key);
    }

    [Fact]
    public void Defaults_are_the_api_servers()
    {
        // SetDefaults_HorizontalPodAutoscaler: minReplicas 1, cpu at 80% when there are no metrics.
        var spec = HpaSpecReader.Parse(Head + "  maxReplicas: 5\n");

        Assert.Equal(1, spec.MinReplicas);
        Assert.Equal(new MetricSpec(MetricSourceType.Resource, "cpu", new MetricTarget(MetricTargetType.Utilization, AverageUtilization: 80)), Assert.Single(spec.Metrics));
    }

    [Fact]
    public void A_partial_behavior_is_completed_field_by_field()
    {
        // copyHPAScalingRules: the given fields kept, the rest from defaultHPAScaleUpRules / defaultHPAScaleDownRules;
        // scaleDown's window stays unset for the controller's flag.
        var spec = HpaSpecReader.Parse(Head + """
              maxReplicas: 5
              behavior:
                scaleDown:
                  selectPolicy: Min
                  policies: [{type: Pods, value: 1, periodSeconds: 60}]
                scaleUp:
                  stabilizationWindowSeconds: 30
                  tolerance: "0.05"
            """);

        var behavior = spec.Behavior!;
        Assert.Equal((30, SelectPolicy.Max, 0.05), (behavior.ScaleUp.StabilizationWindowSeconds, behavior.ScaleUp.SelectPolicy, behavior.ScaleUp.Tolerance));
        Assert.Equal(ScalingRules.DefaultScaleUp.Policies, behavior.ScaleUp.Policies);
        Assert.Equal((null, SelectPolicy.Min, null), (behavior.ScaleDown.StabilizationWindowSeconds, behavior.ScaleDown.SelectPolicy, behavior.ScaleDown.Tolerance));
        Assert.Equal([new ScalingPolicy(ScalingPolicyType.Pods, 1, 60)], behavior.ScaleDown.Policies);
    }

    [Fact]
    public void An_empty_behavior_gets_both_default_directions()
    {
        var behavior = HpaSpecReader.Parse(Head + "  maxReplicas: 5\n  behavior: {}\n").Behavior!;

        Assert.Equal(ScalingRules.DefaultScaleUp.Policies, behavior.ScaleUp.Policies);
        Assert.Equal(ScalingRules.DefaultScaleDown.Policies, behavior.ScaleDown.Policies);
        Assert.Equal((0, null), (behavior.ScaleUp.StabilizationWindowSeconds, behavior.ScaleDown.StabilizationWindowSeconds));
    }

    [Fact]
    public void Min_replicas_zero_needs_the_feature_gate_and_an_object_or_external_metric()
    {
        const string External = """
              minReplicas: 0
              maxReplicas: 5
              metrics:
              - type: External
                external: {metric: {name: queue}, target: {type: Value, value: "10"}}
            """;
        const string PodsOnly = """
              minReplicas: 0
              maxReplicas: 5
              metrics:
              - type: Pods
                pods: {metric: {name: queue}, target: {type: AverageValue, averageValue: "10"}}
            """;

        Assert.Equal(0, HpaSpecReader.Parse(Head + External, scaleToZero: true).MinReplicas);
        Assert.Contains("spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
            Assert.Throws<HpaSpecException>(() => HpaSpecReader.Parse(Head + External)).Message);
        Assert.Contains("must specify at least one Object or External metric to support scaling to zero replicas",
            Assert.Throws<HpaSpecException>(() => HpaSpecReader.Parse(Head + PodsOnly, scaleToZero: true)).Message);
    }

    [Theory]
    [InlineData("  maxReplicas: 0\n", "spec.maxReplicas: Invalid value: 0: must be greater than 0")]
    [InlineData("  minReplicas: 4\n  maxReplicas: 3\n", "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`")]
    [InlineData("  maxReplicas: 3\n  metrics: [{type: Pods, pods: {metric: {name: q}, target: {type: Value, value: \"1\"}}}]\n",
        "spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue")]
    [InlineData("  maxReplicas: 3\n  metrics: [{type: External, external: {metric: {name: q}, target: {type: Value, value: \"1\", averageValue: \"1\"}}}]\n",
        "spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target")]
    [InlineData("  maxReplicas: 3\n  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}}]\n",
        "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0")]
    [InlineData("  maxReplicas: 3\n  metrics: [{type: Resource, pods: {metric: {name: q}, target: {type: AverageValue, averageValue: \"1\"}}}]\n",
        "spec.metrics[0].resource: Required value: must populate information for the given metric source")]
    [InlineData("  maxReplicas: 3\n  metrics: [{type: Custom}]\n", "spec.metrics[0].type: Unsupported value: \"Custom\"")]
    [InlineData("  maxReplicas: 3\n  behavior: {scaleUp: {policies: [{type: Pods, value: 0, periodSeconds: 15}]}}\n",
        "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero")]
    [InlineData("  maxReplicas: 3\n  behavior: {scaleDown: {policies: [{type: Percent, value: 10, periodSeconds: 1801}]}}\n",
        "spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800")]
    [InlineData("  maxReplicas: 3\n  behavior: {scaleDown: {policies: []}}\n", "spec.behavior.scaleDown.policies: Required value: must specify at least one Policy")]
    [InlineData("  maxReplicas: 3\n  behavior: {scaleUp: {selectPolicy: Fastest}}\n", "spec.behavior.scaleUp.selectPolicy: Unsupported value: \"Fastest\"")]
    [InlineData("  maxReplicas: 3\n  behavior: {scaleDown: {stabilizationWindowSeconds: 3601}}\n",
        "spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600")]
    public void What_the_api_server_would_reject_is_refused_with_its_field_path(string spec, string error)
    {
        Assert.Contains(error, Assert.Throws<HpaSpecException>(() => HpaSpecReader.Parse(Head + spec)).Message);
    }

    [Fact]
    public void Yaml_that_does_not_parse_names_the_line()
    {
        var e = Assert.Throws<HpaSpecException>(() => HpaSpecReader.Parse(Head + "  maxReplicas: [5\n"));

        Assert.StartsWith("line ", e.Message);
    }

    [Fact]
    public void A_misspelt_field_is_an_error_not_a_default()
    {
        var e = Assert.Throws<HpaSpecException>(() => HpaSpecReader.Parse(Head + "  maxReplicas: 5\n  minReplica: 2\n"));

        Assert.Contains("minReplica", e.Message);
        Assert.StartsWith("line 8,", e.Message);
    }

    [Fact]
    public void Another_kind_is_refused()
    {
        var e = Assert.Throws<HpaSpecException>(() => HpaSpecReader.Parse("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nspec: {maxReplicas: 3}\n"));

        Assert.Contains("expected apiVersion autoscaling/v2 and kind HorizontalPodAutoscaler, found autoscaling/v1", e.Message);
    }
}
