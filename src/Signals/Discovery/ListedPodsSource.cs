using Headroom.Signals.Engines;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Discovery;

/// <summary>
/// Gives a source that cannot list pods (Prometheus) the pods that the Kubernetes API lists for the workload's selector:
/// their readiness, labels and start-up timelines (for the cold-start model), and which pods exist. A deleted pod
/// leaves at once; a pod ready for longer than the reporting grace that the source has no readings of stays, with its
/// readings missing, so sums are missing rather than short; a pod ready more recently counts once it reports.
/// Until the first list completes, and for a workload without a selector, the source's own view is used as it is.
/// </summary>
/// <param name="inner">The source of the readings.</param>
/// <param name="watchers">Where the workloads' pods are listed and watched.</param>
/// <param name="reportingGrace">How long a newly ready pod may go unreported before its absence makes sums missing.</param>
/// <param name="time">The clock that stamps an observation made from the list alone.</param>
public sealed class ListedPodsSource(IWorkloadSource inner, PodWatchers watchers, TimeSpan reportingGrace, TimeProvider time) : IWorkloadSource, IDemandHistorySource, IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workload.Selector)) return await inner.ObserveAsync(workload, cancellationToken);
        var watcher = watchers.For(workload.Namespace, workload.Selector);
        WorkloadObservation observation;
        try
        {
            observation = await inner.ObserveAsync(workload, cancellationToken);
        }
        catch (PodsUnknownException) when (watcher.Synced)
        {
            // The API knows the pods the source could not infer: none (a workload scaled to zero), or some whose readings are missing.
            observation = new WorkloadObservation(time.GetUtcNow(), [], [], null);
        }
        return watcher.Synced ? Join(workload, observation, watcher.Pods) : observation;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
        WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        IDemandHistorySource.LoadFrom(inner, workload, start, end, step, cancellationToken);

    private WorkloadObservation Join(WorkloadSpec workload, WorkloadObservation observation, IReadOnlyList<DiscoveredPod> listed)
    {
        var reported = new Dictionary<string, PodReading>(StringComparer.Ordinal);
        foreach (var reading in observation.Pods) reported[reading.Name] = reading;
        var pods = new PodReading[listed.Count];
        for (var i = 0; i < listed.Count; i++)
        {
            var pod = listed[i];
            var version = EngineImage.VersionOf(workload.Engine, pod.Images);
            pods[i] = reported.TryGetValue(pod.Name, out var reading)
                ? reading with { Labels = pod.Labels, Node = pod.Node ?? reading.Node, Ready = pod.Ready, EngineVersion = version }
                : new PodReading(pod.Name, pod.Labels, pod.Node, pod.Ready && ReadyLongerThanGrace(pod, observation.Timestamp), EngineReading.None)
                {
                    EngineVersion = version,
                };
        }
        return observation with { Pods = pods, Lifecycles = listed.Select(p => p.Lifecycle).ToArray() };
    }

    private bool ReadyLongerThanGrace(DiscoveredPod pod, DateTimeOffset at) =>
        pod.Lifecycle.Ready is not { } since || at - since > reportingGrace;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await watchers.DisposeAsync();
        if (inner is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }
}
