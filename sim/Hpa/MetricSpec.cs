namespace Headroom.Sim.Hpa;

/// <summary>The five metric sources of autoscaling/v2.</summary>
public enum MetricSourceType
{
    /// <summary>A resource of the pods (cpu, memory), as the resource metrics API reports it.</summary>
    Resource,
    /// <summary>A resource of one container of each pod.</summary>
    ContainerResource,
    /// <summary>A custom metric of each pod, averaged over the pods.</summary>
    Pods,
    /// <summary>A custom metric of one Kubernetes object.</summary>
    Object,
    /// <summary>An external metric, summed over its series.</summary>
    External,
}

/// <summary>The three target types of autoscaling/v2.</summary>
public enum MetricTargetType
{
    /// <summary>Average utilization, a percent of the pods' requests.</summary>
    Utilization,
    /// <summary>The metric's value itself.</summary>
    Value,
    /// <summary>The metric's value divided by the number of pods.</summary>
    AverageValue,
}

/// <summary>A metric target as the API holds it; quantities are in milli-units, as the controller reads them.</summary>
/// <param name="Type">The target type.</param>
/// <param name="AverageUtilization">Percent of request, for Utilization.</param>
/// <param name="ValueMilli">Target value in thousandths, for Value.</param>
/// <param name="AverageValueMilli">Target per-pod value in thousandths, for AverageValue.</param>
public sealed record MetricTarget(MetricTargetType Type, int? AverageUtilization = null, long? ValueMilli = null, long? AverageValueMilli = null);

/// <summary>One entry of spec.metrics.</summary>
/// <param name="Type">The metric source.</param>
/// <param name="Name">The resource name (Resource, ContainerResource) or the metric name (Pods, Object, External).</param>
/// <param name="Target">The target.</param>
/// <param name="Container">The container, for ContainerResource.</param>
public sealed record MetricSpec(MetricSourceType Type, string Name, MetricTarget Target, string? Container = null)
{
    /// <summary>How the replay's CSV names this metric: the metric or resource name, or container/resource.</summary>
    public string Key => Type == MetricSourceType.ContainerResource ? $"{Container}/{Name}" : Name;
}
