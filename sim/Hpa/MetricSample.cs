namespace Headroom.Sim.Hpa;

/// <summary>What the metrics APIs return for one metric at one sync; values are in milli-units, as Quantity.MilliValue gives them.</summary>
public abstract record MetricSample
{
    /// <summary>Per-pod values (Resource, ContainerResource, Pods); requests are needed for a Utilization target.</summary>
    public static MetricSample PerPod(IReadOnlyDictionary<string, long> valuesMilli, IReadOnlyDictionary<string, long>? requestsMilli = null) =>
        new PerPodSample(valuesMilli, requestsMilli);

    /// <summary>One value (Object), or the sum over the series (External).</summary>
    public static MetricSample Total(long valueMilli) => new TotalSample(valueMilli);

    /// <summary>The metrics API returned an error.</summary>
    public static MetricSample Failed(string reason) => new FailedSample(reason);
}

/// <summary>Per-pod values, and the pods' requests of the resource (or the container's) when the target is a utilization.</summary>
/// <param name="ValuesMilli">Value per pod name.</param>
/// <param name="RequestsMilli">Request per pod name; every selected pod needs one for a Utilization target.</param>
public sealed record PerPodSample(IReadOnlyDictionary<string, long> ValuesMilli, IReadOnlyDictionary<string, long>? RequestsMilli) : MetricSample;

/// <summary>A single value for the whole metric.</summary>
/// <param name="ValueMilli">The value.</param>
public sealed record TotalSample(long ValueMilli) : MetricSample;

/// <summary>A metric the controller could not read.</summary>
/// <param name="Reason">The error.</param>
public sealed record FailedSample(string Reason) : MetricSample;
