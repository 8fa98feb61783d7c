using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;

namespace Headroom.Sim.Tests.Keda;

// ScaledObjectReader: the fields of apis/keda/v1alpha1/scaledobject_types.go and scaletriggers_types.go, the
// CRD's schema rules, the checks of KEDA's admission webhook, and the operator's defaults.
public sealed class ScaledObjectReaderTests
{
    private const string Minimal = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: chat
        spec:
          scaleTargetRef:
            name: vllm
          triggers:
          - type: prometheus
            metadata:
              serverAddress: http://prometheus:9090
              query: sum(vllm:num_requests_waiting)
              threshold: "5"
        """;

    [Fact]
    public void Unset_fields_take_KEDAs_defaults()
    {
        var so = ScaledObjectReader.Parse(Minimal);

        var spec = so.Spec;
        // defaultPollingInterval, defaultInitialCooldownPeriod, defaultCooldownPeriod, minReplicaCount 0, defaultHPAMaxReplicas.
        Assert.Equal((30, 0, 300, (int?)null, 0, 100), (spec.PollingInterval, spec.InitialCooldownPeriod, spec.CooldownPeriod, spec.IdleReplicaCount, spec.MinReplicaCount, spec.MaxReplicaCount));
        Assert.Equal(new ScaleTargetRef("vllm", "Deployment", "apps/v1", null), spec.ScaleTargetRef);
        Assert.Null(spec.Fallback);
        Assert.Null(spec.Advanced);
        var trigger = Assert.Single(spec.Triggers);
        Assert.Equal(("prometheus", null, (MetricTargetType?)null, false), (trigger.Type, trigger.Name, trigger.MetricType, trigger.UseCachedMetrics));
        // GetMetricTargetType: AverageValue when metricType is not given; activationThreshold 0 when absent.
        Assert.Equal(new ScalerTarget(MetricTargetType.AverageValue, 5m, 0), trigger.Scaler);
    }

    [Fact]
    public void Every_field_is_read()
    {
        var so = ScaledObjectReader.Parse("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: chat
              namespace: llm
              labels: {team: inference}
              annotations: {note: demo}
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: StatefulSet
                name: vllm
                envSourceContainerName: server
              pollingInterval: 10
              initialCooldownPeriod: 120
              cooldownPeriod: 600
              idleReplicaCount: 0
              minReplicaCount: 1
              maxReplicaCount: 12
              fallback:
                failureThreshold: 3
                replicas: 4
                behavior: currentReplicasIfHigher
              advanced:
                restoreToOriginalReplicaCount: true
                horizontalPodAutoscalerConfig:
                  name: chat-hpa
                  behavior:
                    scaleDown:
                      stabilizationWindowSeconds: 60
                      policies: [{type: Pods, value: 1, periodSeconds: 30}]
              triggers:
              - type: external
                name: queue
                useCachedMetrics: true
                metricType: AverageValue
                authenticationRef: {name: headroom-tls}
                metadata:
                  scalerAddress: headroom.headroom.svc:9443
                  metric: queue_depth
                  target: "2.5"
                  activationTarget: "0.5"
              - type: prometheus
                metricType: Value
                metadata: {serverAddress: "http://prom:9090", query: "sum(x)", threshold: "100", activationThreshold: "1"}
              - type: cpu
                metricType: Utilization
                metadata: {value: "70", containerName: server}
            """);

        Assert.Equal(("chat", "llm"), (so.Metadata.Name, so.Metadata.Namespace));
        Assert.Equal("inference", so.Metadata.Labels["team"]);
        Assert.Equal("demo", so.Metadata.Annotations["note"]);
        var spec = so.Spec;
        Assert.Equal(new ScaleTargetRef("vllm", "StatefulSet", "apps/v1", "server"), spec.ScaleTargetRef);
        Assert.Equal((10, 120, 600, (int?)0, 1, 12), (spec.PollingInterval, spec.InitialCooldownPeriod, spec.CooldownPeriod, spec.IdleReplicaCount, spec.MinReplicaCount, spec.MaxReplicaCount));
        Assert.Equal(new Fallback(3, 4, FallbackBehavior.CurrentReplicasIfHigher), spec.Fallback);
        var advanced = spec.Advanced!;
        Assert.True(advanced.RestoreToOriginalReplicaCount);
        Assert.Null(advanced.ScalingModifiers);
        Assert.Equal("chat-hpa", advanced.HorizontalPodAutoscalerConfig!.Name);
        var behavior = advanced.HorizontalPodAutoscalerConfig.Behavior!;
        // The API server's defaults fill the direction left out (defaultHPAScaleUpRules).
        Assert.Equal(ScalingRules.DefaultScaleUp.Policies, behavior.ScaleUp.Policies);
        Assert.Equal((60, SelectPolicy.Max), (behavior.ScaleDown.StabilizationWindowSeconds, behavior.ScaleDown.SelectPolicy));
        Assert.Equal([new ScalingPolicy(ScalingPolicyType.Pods, 1, 30)], behavior.ScaleDown.Policies);

        var external = spec.Triggers[0];
        Assert.Equal(("external", "queue", true, (MetricTargetType?)MetricTargetType.AverageValue), (external.Type, external.Name, external.UseCachedMetrics, external.MetricType));
        Assert.Equal(new AuthenticationRef("headroom-tls", "TriggerAuthentication"), external.AuthenticationRef);
        Assert.Equal("queue_depth", external.Metadata["metric"]);
        Assert.Equal(new ScalerTarget(MetricTargetType.AverageValue, 2.5m, 0.5), external.Scaler);
        Assert.Equal(new ScalerTarget(MetricTargetType.Value, 100m, 1), spec.Triggers[1].Scaler);
        Assert.Equal(new ScalerTarget(MetricTargetType.Utilization, 70m, 0, "cpu", "server"), spec.Triggers[2].Scaler);
    }

    [Fact]
    public void Scaling_modifiers_are_read_with_AverageValue_as_their_default_type()
    {
        var so = ScaledObjectReader.Parse(Minimal.Replace("  triggers:", """
              advanced:
                scalingModifiers: {formula: "s0 * 2", target: "4", activationTarget: "1"}
              triggers:
            """));

        Assert.Equal(new ScalingModifiers("s0 * 2", "4", "1", MetricTargetType.AverageValue), so.Spec.Advanced!.ScalingModifiers);
    }

    [Theory]
    [InlineData("  pollingIntervall: 10\n", "spec.pollingIntervall", "pollingIntervall")]
    [InlineData("  fallback: {failureThreshold: 3, replicas: 2, behaviour: static}\n", "spec.fallback.behaviour", "behaviour")]
    [InlineData("  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n        scaleDown: {stabilizationWindow: 60}\n",
        "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindow", "stabilizationWindow")]
    public void An_unknown_field_is_an_error_naming_its_path(string extra, string path, string field)
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(Minimal.Replace("  triggers:", extra + "  triggers:")));

        Assert.StartsWith($"{path}: unknown field \"{field}\"", e.Message);
    }

    [Fact]
    public void An_unknown_field_inside_a_trigger_names_the_trigger()
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(Minimal.Replace("metadata:\n      serverAddress", "metdata:\n      serverAddress")));

        Assert.StartsWith("spec.triggers[0].metdata: unknown field \"metdata\"", e.Message);
    }

    [Theory]
    [InlineData("  pollingInterval: soon\n", "spec.pollingInterval")]
    [InlineData("  minReplicaCount: [1]\n", "spec.minReplicaCount")]
    [InlineData("  advanced: {restoreToOriginalReplicaCount: maybe}\n", "spec.advanced.restoreToOriginalReplicaCount")]
    public void A_value_of_the_wrong_type_is_an_error_naming_its_path(string extra, string path)
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(Minimal.Replace("  triggers:", extra + "  triggers:")));

        Assert.StartsWith(path + ":", e.Message);
    }

    [Theory]
    // The CRD's minimums.
    [InlineData("  pollingInterval: 0\n", "spec.pollingInterval: Invalid value: 0")]
    [InlineData("  cooldownPeriod: -1\n", "spec.cooldownPeriod: Invalid value: -1")]
    [InlineData("  maxReplicaCount: 0\n", "spec.maxReplicaCount: Invalid value: 0")]
    // The CRD's CEL rule: min ≤ max, 100 when max is unset.
    [InlineData("  minReplicaCount: 101\n", "spec.minReplicaCount: Invalid value: 101")]
    // CheckReplicaCountBoundsAreValid: idle below min, where an unset min counts as 0.
    [InlineData("  minReplicaCount: 2\n  idleReplicaCount: 2\n", "spec.idleReplicaCount: Invalid value: 2: IdleReplicaCount=2 must be less than MinReplicaCount=2")]
    [InlineData("  idleReplicaCount: 0\n", "spec.idleReplicaCount: Invalid value: 0: IdleReplicaCount=0 must be less than MinReplicaCount=0")]
    // The CRD's enum and CheckFallbackValid.
    [InlineData("  fallback: {failureThreshold: 3, replicas: 2, behavior: sometimes}\n", "spec.fallback.behavior: Unsupported value: \"sometimes\"")]
    [InlineData("  fallback: {replicas: 2}\n", "spec.fallback.failureThreshold: Required value")]
    public void KEDAs_schema_and_webhook_rules_are_enforced(string extra, string message)
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(Minimal.Replace("  triggers:", extra + "  triggers:")));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void An_explicit_minReplicaCount_of_zero_allows_idleReplicaCount_zero()
    {
        // CheckReplicaCountBoundsAreValid compares with GetHPAMinReplicas, 1, once minReplicaCount is set.
        var so = ScaledObjectReader.Parse(Minimal.Replace("  triggers:", "  minReplicaCount: 0\n  idleReplicaCount: 0\n  triggers:"));

        Assert.Equal((0, (int?)0), (so.Spec.MinReplicaCount, so.Spec.IdleReplicaCount));
    }

    [Fact]
    public void Fallback_needs_an_AverageValue_trigger()
    {
        var yaml = Minimal.Replace("  triggers:", "  fallback: {failureThreshold: 3, replicas: 2}\n  triggers:").Replace("- type: prometheus", "- type: prometheus\n    metricType: Value");

        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(yaml));

        Assert.Contains("spec.fallback: at least one trigger (that is not cpu or memory) has to have the `AverageValue` type", e.Message);
    }

    [Theory]
    [InlineData("threshold: \"5\"", "threshold: \"many\"", "spec.triggers[0].metadata.threshold: Invalid value: \"many\": not a number")]
    [InlineData("threshold: \"5\"", "other: \"5\"", "spec.triggers[0].metadata.threshold: Required value")]
    [InlineData("threshold: \"5\"", "threshold: \"0\"", "spec.triggers[0].metadata.threshold: Invalid value: \"0\": the HPA target must be positive")]
    [InlineData("- type: prometheus", "- type: prometheus\n    metricType: Utilization", "spec.triggers[0].metricType: 'Utilization' metric type is unsupported for external metrics")]
    [InlineData("- type: prometheus", "- type: prometheus\n    metricType: Percent", "spec.triggers[0].metricType: Unsupported value: \"Percent\"")]
    public void A_scalers_metadata_is_read_as_the_scaler_reads_it(string from, string to, string message)
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(Minimal.Replace(from, to)));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Trigger_names_must_be_unique()
    {
        var yaml = Minimal.Replace("- type: prometheus", "- type: prometheus\n    name: q") +
            "\n  - {type: prometheus, name: q, metadata: {serverAddress: \"http://p\", query: \"x\", threshold: \"1\"}}";

        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(yaml));

        Assert.Contains("spec.triggers[1].name: triggerName \"q\" is defined multiple times", e.Message);
    }

    [Fact]
    public void A_trigger_type_the_model_does_not_cover_still_parses()
    {
        var so = ScaledObjectReader.Parse(Minimal.Replace("- type: prometheus", "- type: kafka"));

        Assert.Null(so.Spec.Triggers[0].Scaler);
    }

    [Theory]
    [InlineData("apiVersion: keda.sh/v1alpha1", "apiVersion: autoscaling/v2", "expected apiVersion keda.sh/v1alpha1 and kind ScaledObject")]
    [InlineData("  scaleTargetRef:\n    name: vllm\n", "", "spec.scaleTargetRef: Required value")]
    public void A_broken_manifest_is_refused(string from, string to, string message)
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(Minimal.Replace(from, to)));

        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("", "the document is empty")]
    [InlineData("apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nspec: {scaleTargetRef: [\n", "line")]
    [InlineData("apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: a}\nspec:\n  triggers:\n  - type: prometheus\n    metadata: [1, 2]\n", "spec.triggers[0].metadata")]
    public void Malformed_YAML_is_an_error_not_a_crash(string yaml, string message)
    {
        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(yaml));

        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_ScaledObject_needs_a_trigger()
    {
        var yaml = Minimal[..Minimal.IndexOf("  triggers:", StringComparison.Ordinal)] + "  triggers: []\n";

        var e = Assert.Throws<ScaledObjectException>(() => ScaledObjectReader.Parse(yaml));

        Assert.Equal("spec.triggers: Required value: at least one trigger", e.Message);
    }

    [Fact]
    public void Read_takes_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Minimal);

            Assert.Equal("chat", ScaledObjectReader.Read(path).Metadata.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
