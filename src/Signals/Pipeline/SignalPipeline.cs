using System.Diagnostics;
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
    private readonly IWorkloadOwnership? _ownership;
    // Per tracker: whether this replica observed it last cycle, and when its next checkpoint is due (with an owner).
    private readonly bool[] _owned;
    private readonly DateTimeOffset[] _checkpointDue;

    /// <summary>
    /// Creates a pipeline over a fixed set of workloads; with <paramref name="ownership"/>, it observes only those this
    /// replica owns, and its snapshots hold only them.
    /// </summary>
    public SignalPipeline(IReadOnlyList<WorkloadSpec> workloads, IWorkloadSource source, SignalOptions options,
        TimeProvider time, ILogger<SignalPipeline> logger, IWorkloadOwnership? ownership = null)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _ownership = ownership;
        _trackers = workloads.Select(w => new WorkloadTracker(w, options)).ToArray();
        _owned = new bool[_trackers.Length];
        _checkpointDue = new DateTimeOffset[_trackers.Length];
        if (ownership is null) Array.Fill(_owned, true);
    }

    /// <summary>Runs one cycle and returns the snapshot it built, with the number of workloads whose source failed.</summary>
    public async Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var trackers = _ownership is null ? _trackers : await OwnedAsync(_ownership, cancellationToken);
        if (trackers.Length == 1)
        {
            // One workload has nothing to overlap, and a source that answers at once (the simulator's fleet) then
            // completes the cycle on the caller's thread instead of handing it to the thread pool and back.
            if (!await ObserveAsync(trackers[0], cancellationToken)) failures++;
        }
        else
        {
            await Parallel.ForEachAsync(trackers,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentObservations, CancellationToken = cancellationToken },
                async (tracker, ct) =>
                {
                    if (!await ObserveAsync(tracker, ct)) Interlocked.Increment(ref failures);
                });
        }
        var workloads = new WorkloadSignals[trackers.Length];
        for (var i = 0; i < workloads.Length; i++) workloads[i] = trackers[i].Current;
        var snapshot = new SignalSnapshot(_time.GetUtcNow(), workloads);
        if (_ownership is not null) SaveDueCheckpoints(_ownership, snapshot.BuiltAt);
        return new CycleResult(snapshot, failures);
    }

    // Workloads gained start from their previous owner's checkpoint; workloads lost hand theirs over.
    private async Task<WorkloadTracker[]> OwnedAsync(IWorkloadOwnership ownership, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var gained = new List<int>();
        for (var i = 0; i < _trackers.Length; i++)
        {
            var owns = ownership.Owns(_trackers[i].Spec);
            if (owns && !_owned[i]) gained.Add(i);
            if (!owns && _owned[i])
            {
                ownership.Save(_trackers[i].Checkpoint(now));
                _owned[i] = false;
            }
        }
        await Parallel.ForEachAsync(gained,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentObservations, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                // A fresh tracker: what this one remembers from an earlier ownership is older than the checkpoint.
                var tracker = new WorkloadTracker(_trackers[i].Spec, _options);
                if (await ownership.TakeOverAsync(tracker.Spec, ct) is { } checkpoint) tracker.Restore(checkpoint);
                _trackers[i] = tracker;
                _checkpointDue[i] = now + ownership.CheckpointInterval;
                _owned[i] = true;
            });
        var owned = new List<WorkloadTracker>(_trackers.Length);
        for (var i = 0; i < _trackers.Length; i++)
        {
            if (_owned[i]) owned.Add(_trackers[i]);
        }
        return owned.ToArray();
    }

    private void SaveDueCheckpoints(IWorkloadOwnership ownership, DateTimeOffset now)
    {
        for (var i = 0; i < _trackers.Length; i++)
        {
            if (!_owned[i] || _checkpointDue[i] > now) continue;
            ownership.Save(_trackers[i].Checkpoint(now));
            _checkpointDue[i] = now + ownership.CheckpointInterval;
        }
    }

    /// <summary>
    /// Chooses and fits the forecast model again for workloads whose refit is due (never-fitted first, then the
    /// longest overdue), until <paramref name="budget"/> of wall time is spent; with no budget, every due workload is
    /// refitted. A model is due again after the refit interval; a failed fit is tried again after ten steps. Due
    /// times follow the pipeline's clock. Runs off the cycle: observation and serving never wait for it. Returns the
    /// number of models installed.
    /// </summary>
    public int RefitForecasts(TimeSpan? budget, CancellationToken cancellationToken)
    {
        var forecast = _options.Forecast;
        var minObserved = forecast.Live().MinObserved;
        var now = _time.GetUtcNow();
        var due = _trackers
            .Where((t, i) => _owned[i])
            .Where(t => t.Forecaster.Observed >= minObserved && (t.RefitDue is not { } due || due <= now))
            .OrderBy(t => t.RefitDue ?? DateTimeOffset.MinValue)
            .ToArray();
        var started = Stopwatch.GetTimestamp();
        var installed = 0;
        foreach (var tracker in due)
        {
            if (cancellationToken.IsCancellationRequested || (budget is { } limit && Stopwatch.GetElapsedTime(started) >= limit)) break;
            var horizon = (int)Math.Ceiling(tracker.LeadTime / forecast.Step);
            bool fitted;
            try
            {
                fitted = tracker.Forecaster.Refit(horizon);
            }
            catch (Exception ex) when (ex is ArithmeticException or InvalidOperationException or ArgumentException or NotSupportedException)
            {
                // Numerical trouble in one series must not starve the others: it waits like any failed fit.
                _logger.LogWarning(ex, "Fitting the forecast of workload {Namespace}/{Workload} failed", tracker.Spec.Namespace, tracker.Spec.Id);
                fitted = false;
            }
            if (fitted)
            {
                installed++;
                tracker.RefitDue = now + forecast.RefitInterval;
                _logger.LogInformation("Forecast model of workload {Namespace}/{Workload}: {Model}, chosen at {Horizon} steps of {Step} over {Observed} steps of history",
                    tracker.Spec.Namespace, tracker.Spec.Id, tracker.Forecaster.Model, horizon, forecast.Step, tracker.Forecaster.Observed);
            }
            else
            {
                tracker.RefitDue = now + Min(forecast.RefitInterval, forecast.Step * 10);
                _logger.LogInformation("No forecast model could be fitted yet for workload {Namespace}/{Workload} ({Observed} steps of history); the current forecast stays",
                    tracker.Spec.Namespace, tracker.Spec.Id, tracker.Forecaster.Observed);
            }
        }
        return installed;
    }

    /// <summary>
    /// Loads each workload's demand history from a source that keeps it (Prometheus), so that a restart can
    /// forecast at once; a workload whose history cannot be read starts empty, with a warning.
    /// </summary>
    public async Task WarmStartAsync(IDemandHistorySource history, CancellationToken cancellationToken)
    {
        var forecast = _options.Forecast;
        var now = _time.GetUtcNow();
        // Up to the start of the step being filled live; that step's partial value comes from the pipeline.
        var end = new DateTimeOffset(now.UtcTicks / forecast.Step.Ticks * forecast.Step.Ticks, TimeSpan.Zero);
        var start = end - forecast.Step * forecast.Live().Capacity;
        await Parallel.ForEachAsync(_trackers,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentObservations, CancellationToken = cancellationToken },
            async (tracker, ct) =>
            {
                try
                {
                    var points = await history.LoadDemandAsync(tracker.Spec, start, end, forecast.Step, ct);
                    if (points is null) return;
                    tracker.Forecaster.Backfill(points);
                    _logger.LogInformation("Loaded {Points} steps of demand history for workload {Namespace}/{Workload}",
                        points.Count, tracker.Spec.Namespace, tracker.Spec.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _logger.LogWarning(ex, "Loading demand history of workload {Namespace}/{Workload} failed; its forecast starts from live data",
                        tracker.Spec.Namespace, tracker.Spec.Id);
                }
            });
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // Logged once when a workload goes over the cap and once when it is back, not every cycle in between.
    private bool WithinPodCap(WorkloadTracker tracker, int pods)
    {
        var cap = _options.MaxPodsPerWorkload;
        if (pods <= cap)
        {
            if (tracker.OverPodCap)
                _logger.LogInformation("Workload {Namespace}/{Workload} has {Pods} pods, back within signals.maxPodsPerWorkload ({Cap}); serving its signals again",
                    tracker.Spec.Namespace, tracker.Spec.Id, pods, cap);
            tracker.OverPodCap = false;
            return true;
        }
        if (!tracker.OverPodCap)
            _logger.LogError("Workload {Namespace}/{Workload} has {Pods} pods, over signals.maxPodsPerWorkload ({Cap}); its observations are refused, so its signals go stale and then answer 503, until it is back within the cap",
                tracker.Spec.Namespace, tracker.Spec.Id, pods, cap);
        tracker.OverPodCap = true;
        tracker.Fail($"{pods} pods, over signals.maxPodsPerWorkload ({cap})");
        return false;
    }

    private async Task<bool> ObserveAsync(WorkloadTracker tracker, CancellationToken ct)
    {
        try
        {
            var observation = ReadingGuard.Sanitize(await _source.ObserveAsync(tracker.Spec, ct), out var refused);
            if (!WithinPodCap(tracker, observation.Pods.Count)) return false;
            if (refused is not null)
            {
                foreach (var (pod, problem) in refused)
                    _logger.LogWarning("Pod {Namespace}/{Pod} reported an impossible reading ({Problem}); its readings are ignored this cycle",
                        tracker.Spec.Namespace, pod, problem);
            }
            tracker.Apply(observation);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Observing workload {Namespace}/{Workload} failed; serving last-known-good until stale",
                tracker.Spec.Namespace, tracker.Spec.Id);
            tracker.Fail(ex.Message);
            return false;
        }
    }
}

/// <summary>The outcome of one pipeline cycle.</summary>
/// <param name="Snapshot">The snapshot built.</param>
/// <param name="SourceFailures">Workloads whose source failed this cycle.</param>
public sealed record CycleResult(SignalSnapshot Snapshot, int SourceFailures);
