using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

/// <summary>A keda.sh/v1alpha1 ScaledObject, read, validated and defaulted (apis/keda/v1alpha1/scaledobject_types.go).</summary>
/// <param name="Metadata">metadata.</param>
/// <param name="Spec">spec.</param>
public sealed record ScaledObject(ScaledObjectMetadata Metadata, ScaledObjectSpec Spec);

/// <summary>The part of metadata the operator reads.</summary>
/// <param name="Name">metadata.name.</param>
/// <param name="Namespace">metadata.namespace, when given.</param>
/// <param name="Labels">metadata.labels, copied onto the generated HPA.</param>
/// <param name="Annotations">metadata.annotations (pause annotations and the like).</param>
public sealed record ScaledObjectMetadata(string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>spec of a ScaledObject, with KEDA's defaults applied where the operator applies them.</summary>
/// <param name="ScaleTargetRef">spec.scaleTargetRef.</param>
/// <param name="PollingInterval">spec.pollingInterval in seconds: how often triggers are checked for activity (30).</param>
/// <param name="InitialCooldownPeriod">spec.initialCooldownPeriod in seconds: after creation, how long before the first scale to zero (0).</param>
/// <param name="CooldownPeriod">spec.cooldownPeriod in seconds: how long after the last active poll before the scale to zero (300).</param>
/// <param name="IdleReplicaCount">spec.idleReplicaCount: the replicas when no trigger is active, instead of 0; unset when not given.</param>
/// <param name="MinReplicaCount">spec.minReplicaCount (0).</param>
/// <param name="MaxReplicaCount">spec.maxReplicaCount (100).</param>
/// <param name="Advanced">spec.advanced, when given.</param>
/// <param name="Triggers">spec.triggers, at least one.</param>
/// <param name="Fallback">spec.fallback, when given.</param>
public sealed record ScaledObjectSpec(
    ScaleTargetRef ScaleTargetRef,
    int PollingInterval,
    int InitialCooldownPeriod,
    int CooldownPeriod,
    int? IdleReplicaCount,
    int MinReplicaCount,
    int MaxReplicaCount,
    AdvancedConfig? Advanced,
    IReadOnlyList<ScaleTrigger> Triggers,
    Fallback? Fallback);

/// <summary>spec.scaleTargetRef: the workload scaled.</summary>
/// <param name="Name">name.</param>
/// <param name="Kind">kind (Deployment when not given).</param>
/// <param name="ApiVersion">apiVersion (apps/v1 when not given).</param>
/// <param name="EnvSourceContainerName">envSourceContainerName, when given.</param>
public sealed record ScaleTargetRef(string Name, string Kind, string ApiVersion, string? EnvSourceContainerName);

/// <summary>How fallback picks its replica count (the Fallback.Behavior enum).</summary>
public enum FallbackBehavior
{
    /// <summary>fallback.replicas.</summary>
    Static,
    /// <summary>The replicas the target has.</summary>
    CurrentReplicas,
    /// <summary>The target's replicas when above fallback.replicas, else fallback.replicas.</summary>
    CurrentReplicasIfHigher,
    /// <summary>The target's replicas when below fallback.replicas, else fallback.replicas.</summary>
    CurrentReplicasIfLower,
}

/// <summary>spec.fallback: the replicas to hold when a trigger's metric keeps failing.</summary>
/// <param name="FailureThreshold">Consecutive failures after which the fallback applies (it applies from failure FailureThreshold + 1).</param>
/// <param name="Replicas">fallback.replicas.</param>
/// <param name="Behavior">fallback.behavior (static).</param>
public sealed record Fallback(int FailureThreshold, int Replicas, FallbackBehavior Behavior);

/// <summary>spec.advanced.</summary>
/// <param name="HorizontalPodAutoscalerConfig">horizontalPodAutoscalerConfig, when given.</param>
/// <param name="RestoreToOriginalReplicaCount">restoreToOriginalReplicaCount: acts only when the ScaledObject is deleted.</param>
/// <param name="ScalingModifiers">scalingModifiers, when any field is set.</param>
public sealed record AdvancedConfig(HorizontalPodAutoscalerConfig? HorizontalPodAutoscalerConfig, bool RestoreToOriginalReplicaCount, ScalingModifiers? ScalingModifiers);

/// <summary>spec.advanced.horizontalPodAutoscalerConfig.</summary>
/// <param name="Name">The generated HPA's name, when given (keda-hpa-&lt;name&gt; otherwise).</param>
/// <param name="Behavior">The behavior copied into the generated HPA, with the API server's defaults; null leaves the HPA without one.</param>
public sealed record HorizontalPodAutoscalerConfig(string? Name, HpaBehavior? Behavior);

/// <summary>spec.advanced.scalingModifiers: a formula over the triggers' metrics.</summary>
/// <param name="Formula">formula (an expr-lang expression).</param>
/// <param name="Target">target of the composite metric.</param>
/// <param name="ActivationTarget">activationTarget of the composite metric.</param>
/// <param name="MetricType">metricType of the composite metric (AverageValue when not given).</param>
public sealed record ScalingModifiers(string? Formula, string? Target, string? ActivationTarget, MetricTargetType MetricType);

/// <summary>A trigger's authenticationRef.</summary>
/// <param name="Name">name of the TriggerAuthentication.</param>
/// <param name="Kind">kind (TriggerAuthentication when not given).</param>
public sealed record AuthenticationRef(string Name, string Kind);

/// <summary>One entry of spec.triggers (apis/keda/v1alpha1/scaletriggers_types.go).</summary>
/// <param name="Type">type: the scaler (prometheus, external, cpu, …).</param>
/// <param name="Name">name, when given.</param>
/// <param name="Metadata">metadata: the scaler's settings.</param>
/// <param name="AuthenticationRef">authenticationRef, when given.</param>
/// <param name="MetricType">metricType as written; null when not given.</param>
/// <param name="UseCachedMetrics">useCachedMetrics: the HPA's queries read the value of the last poll.</param>
/// <param name="Scaler">What the simulator reads from metadata for this type; null for a type it does not model.</param>
public sealed record ScaleTrigger(
    string Type,
    string? Name,
    IReadOnlyDictionary<string, string> Metadata,
    AuthenticationRef? AuthenticationRef,
    MetricTargetType? MetricType,
    bool UseCachedMetrics,
    ScalerTarget? Scaler);

/// <summary>A trigger's target and activation threshold, read from its metadata as its scaler reads them.</summary>
/// <param name="TargetType">The HPA target type: the trigger's metricType, AverageValue when not given (GetMetricTargetType).</param>
/// <param name="Target">The target value (threshold, targetValue, target, or value for cpu/memory).</param>
/// <param name="Activation">The activation threshold: the trigger is active when its value is above it (0 when not given).</param>
/// <param name="Resource">cpu or memory for those triggers, which become Resource metrics that KEDA neither polls nor falls back on; null for an External metric.</param>
/// <param name="Container">metadata.containerName of a cpu/memory trigger: a ContainerResource metric.</param>
public sealed record ScalerTarget(MetricTargetType TargetType, decimal Target, double Activation, string? Resource = null, string? Container = null);
