using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

// A validated document as the typed model, with the defaults KEDA applies: the CRD's (fallback.behavior
// static) and the operator's (defaultPollingInterval 30 s, defaultCooldownPeriod 300 s,
// defaultInitialCooldownPeriod 0, defaultHPAMaxReplicas 100, minReplicaCount 0, apps/v1 Deployment).
internal static class ScaledObjectConversion
{
    private const int DefaultPollingInterval = 30;
    private const int DefaultCooldownPeriod = 300;
    private const int DefaultInitialCooldownPeriod = 0;

    public static ScaledObject ToModel(ScaledObjectDocument document, List<string> errors)
    {
        var spec = document.Spec!;
        var target = spec.ScaleTargetRef!;
        var metadata = document.Metadata!;
        return new ScaledObject(
            new ScaledObjectMetadata(metadata.Name, metadata.NamespaceProperty,
                metadata.Labels is { } labels ? new Dictionary<string, string>(labels) : [],
                metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : []),
            new ScaledObjectSpec(
                new ScaleTargetRef(target.Name!, target.Kind is { Length: > 0 } kind ? kind : "Deployment",
                    target.ApiVersion is { Length: > 0 } apiVersion ? apiVersion : "apps/v1", NullIfEmpty(target.EnvSourceContainerName)),
                spec.PollingInterval ?? DefaultPollingInterval,
                spec.InitialCooldownPeriod ?? DefaultInitialCooldownPeriod,
                spec.CooldownPeriod ?? DefaultCooldownPeriod,
                spec.IdleReplicaCount,
                spec.MinReplicaCount ?? 0,
                spec.MaxReplicaCount ?? ScaledObjectValidation.DefaultMaxReplicas,
                spec.Advanced is { } advanced ? Advanced(advanced, errors) : null,
                [.. spec.Triggers!.Select((t, i) => Trigger(t, $"spec.triggers[{i}]", errors))],
                spec.Fallback is { } fallback
                    ? new Fallback(fallback.FailureThreshold!.Value, fallback.Replicas!.Value, ScaledObjectValidation.FallbackBehaviors[fallback.Behavior ?? "static"])
                    : null));
    }

    private static AdvancedConfig Advanced(AdvancedDocument advanced, List<string> errors)
    {
        HorizontalPodAutoscalerConfig? hpa = null;
        if (advanced.HorizontalPodAutoscalerConfig is { } config)
        {
            HpaBehavior? behavior = null;
            if (config.Behavior is { } raw)
            {
                // KEDA copies the behavior into the HPA it creates; the API server defaults and validates it there.
                HpaSpecDefaults.Apply(raw);
                var before = errors.Count;
                HpaSpecValidation.Behavior(raw, "spec.advanced.horizontalPodAutoscalerConfig.behavior", errors);
                behavior = errors.Count == before ? HpaSpecConversion.Behavior(raw) : null;
            }
            hpa = new HorizontalPodAutoscalerConfig(NullIfEmpty(config.Name), behavior);
        }
        // IsUsingModifiers: an all-empty scalingModifiers is no scalingModifiers.
        var modifiers = advanced.ScalingModifiers is { } m && (m.Formula, m.Target, m.ActivationTarget, m.MetricType) != (null, null, null, null)
            ? new ScalingModifiers(NullIfEmpty(m.Formula), NullIfEmpty(m.Target), NullIfEmpty(m.ActivationTarget),
                m.MetricType == "Value" ? MetricTargetType.Value : MetricTargetType.AverageValue)
            : null;
        return new AdvancedConfig(hpa, advanced.RestoreToOriginalReplicaCount ?? false, modifiers);
    }

    private static ScaleTrigger Trigger(TriggerDocument trigger, string path, List<string> errors)
    {
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>(trigger.Metadata!);
        MetricTargetType? metricType = trigger.MetricType is { Length: > 0 } text ? Enum.Parse<MetricTargetType>(text) : null;
        return new ScaleTrigger(
            trigger.Type!,
            NullIfEmpty(trigger.Name),
            metadata,
            trigger.AuthenticationRef is { } auth ? new AuthenticationRef(auth.Name!, auth.Kind is { Length: > 0 } kind ? kind : "TriggerAuthentication") : null,
            metricType,
            trigger.UseCachedMetrics ?? false,
            ScalerTargets.Read(trigger.Type!, metadata, metricType, path, errors));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
