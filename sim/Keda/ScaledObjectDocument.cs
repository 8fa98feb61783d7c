using k8s.Models;

namespace Headroom.Sim.Keda;

// The YAML shape of a keda.sh/v1alpha1 ScaledObject (apis/keda/v1alpha1/scaledobject_types.go and
// scaletriggers_types.go), mutable for the deserializer. Fields stay nullable so that "unset" and the
// defaults applied afterwards (ScaledObjectConversion) can be told apart, as the Go pointers do.
// Property names become camelCase, as the json tags spell them.
internal sealed class ScaledObjectDocument
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public V1ObjectMeta? Metadata { get; set; }
    public SpecDocument? Spec { get; set; }

    // status is written by the operator; a manifest exported with kubectl carries it.
    public object? Status { get; set; }
}

internal sealed class SpecDocument
{
    public ScaleTargetDocument? ScaleTargetRef { get; set; }
    public int? PollingInterval { get; set; }
    public int? InitialCooldownPeriod { get; set; }
    public int? CooldownPeriod { get; set; }
    public int? IdleReplicaCount { get; set; }
    public int? MinReplicaCount { get; set; }
    public int? MaxReplicaCount { get; set; }
    public AdvancedDocument? Advanced { get; set; }
    public List<TriggerDocument>? Triggers { get; set; }
    public FallbackDocument? Fallback { get; set; }
}

internal sealed class ScaleTargetDocument
{
    public string? Name { get; set; }
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string? EnvSourceContainerName { get; set; }
}

internal sealed class FallbackDocument
{
    public int? FailureThreshold { get; set; }
    public int? Replicas { get; set; }
    public string? Behavior { get; set; }
}

internal sealed class AdvancedDocument
{
    public HpaConfigDocument? HorizontalPodAutoscalerConfig { get; set; }
    public bool? RestoreToOriginalReplicaCount { get; set; }
    public ScalingModifiersDocument? ScalingModifiers { get; set; }
}

internal sealed class HpaConfigDocument
{
    public string? Name { get; set; }
    public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

internal sealed class ScalingModifiersDocument
{
    public string? Formula { get; set; }
    public string? Target { get; set; }
    public string? ActivationTarget { get; set; }
    public string? MetricType { get; set; }
}

internal sealed class TriggerDocument
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public bool? UseCachedMetrics { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
    public AuthenticationRefDocument? AuthenticationRef { get; set; }
    public string? MetricType { get; set; }
}

internal sealed class AuthenticationRefDocument
{
    public string? Name { get; set; }
    public string? Kind { get; set; }
}
