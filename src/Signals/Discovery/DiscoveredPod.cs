using Headroom.Signals.Sources;
using k8s.Models;

namespace Headroom.Signals.Discovery;

/// <summary>What discovery knows of one pod: where to scrape it, whether it counts, and its start-up timeline.</summary>
/// <param name="Name">Pod name.</param>
/// <param name="Ip">Pod IP, when assigned.</param>
/// <param name="Labels">Pod labels.</param>
/// <param name="Node">Node name, when scheduled.</param>
/// <param name="Ready">Whether the Ready condition is True and the pod is not being deleted.</param>
/// <param name="Lifecycle">Creation and condition transition times.</param>
public sealed record DiscoveredPod(string Name, string? Ip, IReadOnlyDictionary<string, string> Labels, string? Node, bool Ready, PodLifecycle Lifecycle)
{
    /// <summary>The images of the pod's containers (not its init containers), as its spec names them.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Reads a pod object as the API returns it.</summary>
    public static DiscoveredPod From(V1Pod pod)
    {
        var conditions = pod.Status?.Conditions ?? [];
        DateTimeOffset? When(string type) =>
            conditions.FirstOrDefault(c => c.Type == type && c.Status == "True")?.LastTransitionTime is { } t
                ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
        var ready = When("Ready") is not null && pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase == "Running";
        var created = pod.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
        return new DiscoveredPod(
            pod.Metadata.Name,
            string.IsNullOrEmpty(pod.Status?.PodIP) ? null : pod.Status.PodIP,
            (IReadOnlyDictionary<string, string>?)pod.Metadata.Labels ?? new Dictionary<string, string>(),
            pod.Spec?.NodeName,
            ready,
            new PodLifecycle(pod.Metadata.Name, created, When("PodScheduled"), When("Initialized"), When("ContainersReady"), When("Ready")))
        {
            Images = pod.Spec?.Containers?.Select(c => c.Image).OfType<string>().ToArray() ?? [],
        };
    }
}
