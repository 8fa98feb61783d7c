using k8s.Models;

namespace Headroom.Sim.Hpa;

// The metric checks of pkg/apis/autoscaling/validation/validation.go, with its field paths.
internal static class MetricSpecValidation
{
    private static readonly string[] SourceTypes = ["Object", "Pods", "Resource", "External", "ContainerResource"];
    private static readonly string[] TargetTypes = ["Utilization", "Value", "AverageValue"];

    // validateMetrics: scaling to zero needs a metric that can be read with no pods.
    public static void Metrics(IList<V2MetricSpec> metrics, int minReplicas, List<string> errors)
    {
        for (var i = 0; i < metrics.Count; i++)
        {
            MetricSpec(metrics[i], $"spec.metrics[{i}]", errors);
        }
        if (minReplicas == 0 && !metrics.Any(m => m.Type is "Object" or "External"))
        {
            errors.Add("spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas");
        }
    }

    // validateMetricSpec: the type names the one source that is populated.
    private static void MetricSpec(V2MetricSpec metric, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(metric.Type))
        {
            errors.Add($"{path}.type: Required value: must specify a metric source type");
            return;
        }
        if (!SourceTypes.Contains(metric.Type))
        {
            errors.Add($"{path}.type: Unsupported value: \"{metric.Type}\": supported values: {string.Join(", ", SourceTypes.Order())}");
            return;
        }
        var present = new (string Field, bool Set)[]
        {
            ("object", metric.ObjectProperty is not null), ("external", metric.External is not null), ("pods", metric.Pods is not null),
            ("resource", metric.Resource is not null), ("containerResource", metric.ContainerResource is not null),
        };
        var expected = char.ToLowerInvariant(metric.Type[0]) + metric.Type[1..];
        foreach (var (field, _) in present.Where(p => p.Set && p.Field != expected))
        {
            errors.Add($"{path}.{field}: Forbidden: must populate the given metric source only");
        }
        if (!present.Single(p => p.Field == expected).Set)
        {
            errors.Add($"{path}.{expected}: Required value: must populate information for the given metric source");
            return;
        }
        path = $"{path}.{expected}";
        switch (metric)
        {
            case { ObjectProperty: { } source }:
                Reference(source.DescribedObject?.Kind, source.DescribedObject?.Name, $"{path}.describedObject", errors);
                Source(source.Metric?.Name, source.Target, path, errors);
                if (source.Target is { Value: null, AverageValue: null })
                {
                    errors.Add($"{path}.target.averageValue: Required value: must set either a target value or averageValue");
                }
                break;
            case { External: { } source }:
                Source(source.Metric?.Name, source.Target, path, errors);
                if (source.Target is { } external)
                {
                    Exclusive(external.Value is not null, external.AverageValue is not null, $"{path}.target.averageValue", $"{path}.target.value",
                        "must set either a target value for metric or a per-pod target", "may not set both a target value for metric and a per-pod target", errors);
                }
                break;
            case { Pods: { } source }:
                Source(source.Metric?.Name, source.Target, path, errors);
                if (source.Target is { AverageValue: null })
                {
                    errors.Add($"{path}.target.averageValue: Required value: must specify a positive target averageValue");
                }
                break;
            case { Resource: { } source }:
                ResourceSource(source.Name, source.Target, path, errors);
                break;
            case { ContainerResource: { } source }:
                if (string.IsNullOrEmpty(source.Container))
                {
                    errors.Add($"{path}.container: Required value: must specify a container");
                }
                ResourceSource(source.Name, source.Target, path, errors);
                break;
        }
    }

    // validateResourceSource and validateContainerResourceSource.
    private static void ResourceSource(string? name, V2MetricTarget? target, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"{path}.name: Required value: must specify a resource name");
        }
        if (Target(target, path, errors) is { } t)
        {
            Exclusive(t.AverageUtilization is not null, t.AverageValue is not null, $"{path}.target.averageUtilization", $"{path}.target.averageValue",
                "must set either a target raw value or a target utilization", "may not set both a target raw value and a target utilization", errors);
        }
    }

    // validateMetricIdentifier and validateMetricTarget, for the custom-metric sources.
    private static void Source(string? metricName, V2MetricTarget? target, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(metricName))
        {
            errors.Add($"{path}.metric.name: Required value: must specify a metric name");
        }
        Target(target, path, errors);
    }

    // validateMetricTarget.
    private static V2MetricTarget? Target(V2MetricTarget? target, string path, List<string> errors)
    {
        path = $"{path}.target";
        if (target is null)
        {
            errors.Add($"{path}.type: Required value: must specify a metric target type");
            return null;
        }
        if (string.IsNullOrEmpty(target.Type))
        {
            errors.Add($"{path}.type: Required value: must specify a metric target type");
        }
        else if (!TargetTypes.Contains(target.Type))
        {
            errors.Add($"{path}.type: Invalid value: \"{target.Type}\": must be either Utilization, Value, or AverageValue");
        }
        Positive(target.Value, $"{path}.value", errors);
        Positive(target.AverageValue, $"{path}.averageValue", errors);
        if (target.AverageUtilization is < 1)
        {
            errors.Add($"{path}.averageUtilization: Invalid value: {target.AverageUtilization}: must be greater than 0");
        }
        return target;
    }

    private static void Positive(ResourceQuantity? quantity, string path, List<string> errors)
    {
        if (quantity is null)
        {
            return;
        }
        if (quantity.ToDecimal() <= 0)
        {
            errors.Add($"{path}: Invalid value: \"{quantity}\": must be positive");
            return;
        }
        try
        {
            Quantities.Milli(quantity);
        }
        catch (OverflowException)
        {
            // The controller reads quantities as int64 milli-units.
            errors.Add($"{path}: Invalid value: \"{quantity}\": too large for the controller's milli-units");
        }
    }

    // Exactly one of two target fields: Go names the first when neither is set, the second when both are.
    private static void Exclusive(bool firstSet, bool secondSet, string requiredPath, string forbiddenPath, string neither, string both, List<string> errors)
    {
        if (!firstSet && !secondSet)
        {
            errors.Add($"{requiredPath}: Required value: {neither}");
        }
        if (firstSet && secondSet)
        {
            errors.Add($"{forbiddenPath}: Forbidden: {both}");
        }
    }

    // ValidateCrossVersionObjectReference, less its path-segment checks.
    public static void Reference(string? kind, string? name, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(kind))
        {
            errors.Add($"{path}.kind: Required value");
        }
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"{path}.name: Required value");
        }
    }
}
