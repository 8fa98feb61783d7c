using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// One cycle observes every workload, updates each workload's memory and builds a new snapshot.
/// A workload whose source fails keeps its last-known-good values, marked with the error; it never stops the others.
/// </summary>
public sealed class SignalPipeline
{
    private readonly IWorkloadSource _source;
    private readonly SignalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkloadTracker[] _trackers;

    /// <summary>Creates a pipeline over a fixed set of workloads.</summary>
    public SignalPipeline(IReadOnlyList<WorkloadSpec> workloads, IWorkloadSource source, SignalOptions options,
        TimeProvider time, ILogger<SignalPipeline> logger)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _trackers = workloads.Select(w => new WorkloadTracker(w, options)).ToArray();
    }

    /// <summary>Runs one cycle and returns the snapshot it built, with the number of workloads whose source failed.</summary>
    public async Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        await Parallel.ForEachAsync(_trackers,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentObservations, CancellationToken = cancellationToken },
            async (tracker, ct) =>
            {
                if (!await ObserveAsync(tracker, ct)) Interlocked.Increment(ref failures);
            });
        var snapshot = new SignalSnapshot(_time.GetUtcNow(), _trackers.Select(t => t.Current).ToArray());
        return new CycleResult(snapshot, failures);
    }

    // Logged once when a workload goes over the cap and once when it is back, not every cycle in between.
    private bool WithinPodCap(WorkloadTracker tracker, int pods)
    {
        var cap = _options.MaxPodsPerWorkload;
        if (pods <= cap)
        {
            if (tracker.OverPodCap)
                _logger.LogInformation("Workload {Namespace}/{Workload} has {Pods} pods, back within signals.maxPodsPerWorkload ({Cap}); serving its signals again",
                    tracker.Spec.Namespace, tracker.Spec.Name, pods, cap);
            tracker.OverPodCap = false;
            return true;
        }
        if (!tracker.OverPodCap)
            _logger.LogError("Workload {Namespace}/{Workload} has {Pods} pods, over signals.maxPodsPerWorkload ({Cap}); its observations are refused, so its signals go stale and then answer 503, until it is back within the cap",
                tracker.Spec.Namespace, tracker.Spec.Name, pods, cap);
        tracker.OverPodCap = true;
        tracker.Fail($"{pods} pods, over signals.maxPodsPerWorkload ({cap})");
        return false;
    }

    private async Task<bool> ObserveAsync(WorkloadTracker tracker, CancellationToken ct)
    {
        try
        {
            var observation = await _source.ObserveAsync(tracker.Spec, ct);
            if (!WithinPodCap(tracker, observation.Pods.Count)) return false;
            tracker.Apply(observation);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Observing workload {Namespace}/{Workload} failed; serving last-known-good until stale",
                tracker.Spec.Namespace, tracker.Spec.Name);
            tracker.Fail(ex.Message);
            return false;
        }
    }
}

/// <summary>The outcome of one pipeline cycle.</summary>
/// <param name="Snapshot">The snapshot built.</param>
/// <param name="SourceFailures">Workloads whose source failed this cycle.</param>
public sealed record CycleResult(SignalSnapshot Snapshot, int SourceFailures);
