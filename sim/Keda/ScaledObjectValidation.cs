using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

// The checks the API server (the CRD's OpenAPI schema and CEL rules) and KEDA's admission webhook
// (scaledobject_webhook.go) make before a ScaledObject is stored, with the fields' paths.
internal static class ScaledObjectValidation
{
    // The CRD's enum on fallback.behavior (scaledobject_types.go).
    public static readonly Dictionary<string, FallbackBehavior> FallbackBehaviors = new()
    {
        ["static"] = FallbackBehavior.Static,
        ["currentReplicas"] = FallbackBehavior.CurrentReplicas,
        ["currentReplicasIfHigher"] = FallbackBehavior.CurrentReplicasIfHigher,
        ["currentReplicasIfLower"] = FallbackBehavior.CurrentReplicasIfLower,
    };

    // defaultHPAMaxReplicas.
    public const int DefaultMaxReplicas = 100;

    public static List<string> Validate(ScaledObjectDocument document)
    {
        var errors = new List<string>();
        if (document.ApiVersion != "keda.sh/v1alpha1" || document.Kind != "ScaledObject")
        {
            errors.Add($"expected apiVersion keda.sh/v1alpha1 and kind ScaledObject, found {document.ApiVersion ?? "no apiVersion"} and {document.Kind ?? "no kind"}");
            return errors;
        }
        if (string.IsNullOrEmpty(document.Metadata?.Name))
        {
            errors.Add("metadata.name: Required value");
        }
        if (document.Spec is not { } spec)
        {
            errors.Add("spec: Required value");
            return errors;
        }
        if (spec.ScaleTargetRef is null)
        {
            errors.Add("spec.scaleTargetRef: Required value");
        }
        else if (string.IsNullOrEmpty(spec.ScaleTargetRef.Name))
        {
            errors.Add("spec.scaleTargetRef.name: Required value");
        }
        AtLeast(spec.PollingInterval, 1, "spec.pollingInterval", errors);
        AtLeast(spec.InitialCooldownPeriod, 0, "spec.initialCooldownPeriod", errors);
        AtLeast(spec.CooldownPeriod, 0, "spec.cooldownPeriod", errors);
        AtLeast(spec.IdleReplicaCount, 0, "spec.idleReplicaCount", errors);
        AtLeast(spec.MinReplicaCount, 0, "spec.minReplicaCount", errors);
        AtLeast(spec.MaxReplicaCount, 1, "spec.maxReplicaCount", errors);
        ReplicaBounds(spec, errors);
        Triggers(spec.Triggers, errors);
        if (spec.Fallback is { } fallback)
        {
            Fallback(fallback, spec, errors);
        }
        if (spec.Advanced?.ScalingModifiers is { MetricType: { } modifierType } && modifierType is not ("AverageValue" or "Value"))
        {
            errors.Add($"spec.advanced.scalingModifiers.metricType: Unsupported value: \"{modifierType}\": supported values: \"AverageValue\", \"Value\"");
        }
        return errors;
    }

    // The CRD's CEL rule (minReplicaCount ≤ maxReplicaCount, 100 when unset), then CheckReplicaCountBoundsAreValid,
    // which takes min as 0 when unset but as GetHPAMinReplicas (at least 1) when set: an explicit minReplicaCount
    // of 0 allows idleReplicaCount 0, an unset one does not.
    private static void ReplicaBounds(SpecDocument spec, List<string> errors)
    {
        var max = spec.MaxReplicaCount ?? DefaultMaxReplicas;
        if (spec.MinReplicaCount is { } setMin && setMin > max)
        {
            errors.Add($"spec.minReplicaCount: Invalid value: {setMin}: minReplicaCount must be less than or equal to maxReplicaCount ({max})");
            return;
        }
        var min = spec.MinReplicaCount is { } m ? Math.Max(m, 1) : 0;
        if (spec.IdleReplicaCount is { } idle && idle >= min)
        {
            errors.Add($"spec.idleReplicaCount: Invalid value: {idle}: IdleReplicaCount={idle} must be less than MinReplicaCount={min}");
        }
    }

    // The CRD's required fields and MinItems, then ValidateTriggers (unique names, useCachedMetrics).
    private static void Triggers(List<TriggerDocument>? triggers, List<string> errors)
    {
        if (triggers is null || triggers.Count == 0)
        {
            errors.Add("spec.triggers: Required value: at least one trigger");
            return;
        }
        var names = new HashSet<string>();
        for (var i = 0; i < triggers.Count; i++)
        {
            var trigger = triggers[i];
            var path = $"spec.triggers[{i}]";
            if (string.IsNullOrEmpty(trigger.Type))
            {
                errors.Add($"{path}.type: Required value");
            }
            if (trigger.Metadata is null)
            {
                errors.Add($"{path}.metadata: Required value");
            }
            if (trigger.MetricType is { } metricType && !Enum.GetNames<MetricTargetType>().Contains(metricType))
            {
                errors.Add($"{path}.metricType: Unsupported value: \"{metricType}\": supported values: \"AverageValue\", \"Utilization\", \"Value\"");
            }
            if (trigger.UseCachedMetrics == true && trigger.Type is "cpu" or "memory" or "cron")
            {
                errors.Add($"{path}.useCachedMetrics: property \"useCachedMetrics\" is not supported for \"{trigger.Type}\" scaler");
            }
            if (!string.IsNullOrEmpty(trigger.Name) && !names.Add(trigger.Name))
            {
                errors.Add($"{path}.name: triggerName \"{trigger.Name}\" is defined multiple times in the ScaledObject, but it must be unique");
            }
            if (trigger.AuthenticationRef is { Name: null or "" })
            {
                errors.Add($"{path}.authenticationRef.name: Required value");
            }
        }
    }

    // The CRD's minimums and enum, then CheckFallbackValid: fallback needs a trigger, not cpu or memory,
    // whose metric has an AverageValue target (or scalingModifiers of that type).
    private static void Fallback(FallbackDocument fallback, SpecDocument spec, List<string> errors)
    {
        if (fallback.FailureThreshold is null)
        {
            errors.Add("spec.fallback.failureThreshold: Required value");
        }
        if (fallback.Replicas is null)
        {
            errors.Add("spec.fallback.replicas: Required value");
        }
        AtLeast(fallback.FailureThreshold, 0, "spec.fallback.failureThreshold", errors);
        AtLeast(fallback.Replicas, 0, "spec.fallback.replicas", errors);
        if (fallback.Behavior is { } behavior && !FallbackBehaviors.ContainsKey(behavior))
        {
            errors.Add($"spec.fallback.behavior: Unsupported value: \"{behavior}\": supported values: {string.Join(", ", FallbackBehaviors.Keys.Select(k => $"\"{k}\""))}");
        }
        if (spec.Advanced?.ScalingModifiers is { } modifiers && (modifiers.Formula, modifiers.Target, modifiers.ActivationTarget, modifiers.MetricType) != (null, null, null, null))
        {
            if (modifiers.MetricType == "Value")
            {
                errors.Add("spec.fallback: when using ScalingModifiers, ScaledObject.Spec.Advanced.ScalingModifiers.MetricType must be AverageValue to have fallback enabled");
            }
            return;
        }
        if (spec.Triggers is { } triggers && !triggers.Any(t => t.Type is not ("cpu" or "memory") && (t.MetricType ?? "AverageValue") == "AverageValue"))
        {
            errors.Add("spec.fallback: at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled");
        }
    }

    private static void AtLeast(int? value, int minimum, string path, List<string> errors)
    {
        if (value is { } v && v < minimum)
        {
            errors.Add($"{path}: Invalid value: {v}: should be greater than or equal to {minimum}");
        }
    }
}
