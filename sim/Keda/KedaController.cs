using Headroom.Sim.Hpa;

namespace Headroom.Sim.Keda;

/// <summary>
/// KEDA's handling of one ScaledObject, as a step function over time: its scale loop, which every pollingInterval
/// checks the triggers' activity and owns the 0 ↔ minReplicas (or idle) transitions (pkg/scaling/scale_handler.go,
/// pkg/scaling/executor/scale_scaledobjects.go); and the HPA it generated, which every sync period asks KEDA's metrics
/// server for the triggers' values, with fallback (pkg/fallback), and scales between 1 and maxReplicaCount through
/// the existing <see cref="HpaController"/>.
/// </summary>
public sealed class KedaController
{
    private readonly KedaControllerOptions _options;
    private readonly HpaController _hpaController;
    private readonly int[] _failures;
    private readonly TriggerReading?[] _cached;
    private TimeSpan? _lastTick;
    private TimeSpan _nextPoll;
    private TimeSpan _nextSync;
    private TimeSpan _createdAt;

    /// <summary>Models <paramref name="scaledObject"/> from the first <see cref="Tick"/> on.</summary>
    /// <exception cref="ScaledObjectException">The ScaledObject uses something the model does not cover.</exception>
    public KedaController(ScaledObject scaledObject, KedaControllerOptions? options = null)
    {
        ScaledObject = scaledObject;
        _options = options ?? new KedaControllerOptions();
        if (_options.Hpa.SyncPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the HPA sync period must be positive, not {_options.Hpa.SyncPeriod}", nameof(options));
        }
        _hpaController = new HpaController(_options.Hpa);
        Hpa = KedaHpa.For(scaledObject);
        _failures = new int[scaledObject.Spec.Triggers.Count];
        _cached = new TriggerReading?[scaledObject.Spec.Triggers.Count];
    }

    /// <summary>The ScaledObject modelled.</summary>
    public ScaledObject ScaledObject { get; }

    /// <summary>The HPA KEDA generated for it.</summary>
    public KedaHpa Hpa { get; }

    /// <summary>status.lastActiveTime: the last poll that found a trigger active (and could act on it); null before any.</summary>
    public TimeSpan? LastActiveTime { get; private set; }

    /// <summary>status.health[metric].numberOfFailures, per trigger: consecutive failed metric queries of the HPA.</summary>
    public IReadOnlyList<int> Failures => _failures;

    /// <summary>What the HPA controller remembers of the generated HPA.</summary>
    public HpaHistory HpaHistory { get; private set; } = HpaHistory.Empty;

    /// <summary>When the next KEDA poll is due; null before the first tick.</summary>
    public TimeSpan? NextPollAt => _lastTick is null ? null : _nextPoll;

    /// <summary>When the next HPA sync is due; null before the first tick.</summary>
    public TimeSpan? NextHpaSyncAt => _lastTick is null ? null : _nextSync;

    /// <summary>
    /// Advances to <paramref name="now"/>: runs KEDA's poll if one is due, then the HPA's sync if one is due (which then
    /// sees the poll's scale), and returns the replicas the scale target should have.
    /// </summary>
    /// <param name="now">The instant; never earlier than the last tick.</param>
    /// <param name="readings">One reading per trigger, in spec order: what its scaler returns now.</param>
    /// <param name="currentReplicas">The scale target's spec.replicas before this tick.</param>
    /// <param name="pods">The target's pods, for a Value target's ready count and cpu/memory metrics; all <paramref name="currentReplicas"/> running and ready when null.</param>
    public KedaDecision Tick(TimeSpan now, IReadOnlyList<TriggerReading> readings, int currentReplicas, IReadOnlyList<PodState>? pods = null)
    {
        if (readings.Count != _failures.Length)
        {
            throw new ArgumentException($"{readings.Count} readings for {_failures.Length} triggers", nameof(readings));
        }
        if (currentReplicas < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(currentReplicas), currentReplicas, "replicas cannot be negative");
        }
        if (_lastTick is { } last && now < last)
        {
            throw new ArgumentException($"time went back from {last} to {now}", nameof(now));
        }
        if (_lastTick is null)
        {
            // startScaleLoop polls at once, then every pollingInterval.
            _nextPoll = now;
            _nextSync = now + _options.HpaSyncOffset;
            // creationTimestamp has whole seconds and precedes the first poll, so initialCooldownPeriod 0 lets
            // the first poll scale in.
            _createdAt = _options.CreatedAt ?? now - TimeSpan.FromTicks(1);
        }
        _lastTick = now;

        var replicas = currentReplicas;
        KedaPoll? poll = null;
        if (now >= _nextPoll)
        {
            poll = Poll(now, readings, replicas);
            replicas = poll.Replicas;
            _nextPoll = Advance(_nextPoll, now, TimeSpan.FromSeconds(ScaledObject.Spec.PollingInterval));
        }
        KedaHpaSync? sync = null;
        if (now >= _nextSync)
        {
            sync = Sync(now, readings, replicas, pods ?? ReadyPods(replicas));
            replicas = sync.Decision.DesiredReplicas;
            _nextSync = Advance(_nextSync, now, _options.Hpa.SyncPeriod);
        }
        return new KedaDecision(replicas, poll, sync);
    }

    /// <summary>
    /// An external-push trigger's stream reporting <paramref name="active"/> between polls: startPushScalers calls
    /// RequestScale at once with that answer alone, and no error. The regular polls go on as before.
    /// </summary>
    /// <param name="now">The instant; never earlier than the last tick.</param>
    /// <param name="active">The pushed activity.</param>
    /// <param name="currentReplicas">The scale target's spec.replicas.</param>
    public KedaPoll Push(TimeSpan now, bool active, int currentReplicas)
    {
        if (_lastTick is not { } last)
        {
            throw new InvalidOperationException("the scale loop starts with the first Tick; push after it");
        }
        if (now < last)
        {
            throw new ArgumentException($"time went back from {last} to {now}", nameof(now));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(currentReplicas);
        _lastTick = now;
        var (action, replicas) = RequestScale(now, active, false, currentReplicas);
        return new KedaPoll(active, false, action, replicas);
    }

    // checkScalers: getScaledObjectState, then RequestScale.
    private KedaPoll Poll(TimeSpan now, IReadOnlyList<TriggerReading> readings, int replicas)
    {
        var (isActive, isError) = ScaledObjectState(readings);
        var (action, next) = RequestScale(now, isActive, isError, replicas);
        return new KedaPoll(isActive, isError, action, next);
    }

    // getScaledObjectState and getScalerState: any trigger active makes the object active, any error makes it
    // in error; cpu and memory triggers have no External metric and are skipped, and an object with only
    // those is always active (it could never leave zero otherwise).
    private (bool IsActive, bool IsError) ScaledObjectState(IReadOnlyList<TriggerReading> readings)
    {
        var triggers = ScaledObject.Spec.Triggers;
        bool isActive = false, isError = false;
        for (var i = 0; i < triggers.Count; i++)
        {
            var scaler = triggers[i].Scaler!;
            if (scaler.Resource is not null)
            {
                continue;
            }
            switch (readings[i])
            {
                case FailedReading:
                    isError = true;
                    break;
                case ValueReading value:
                    // GetMetricsAndActivity: value > activation threshold, unless the scaler says itself.
                    isActive |= value.Active ?? value.Value > scaler.Activation;
                    break;
                default:
                    throw new ArgumentException($"trigger {i} ({triggers[i].Type}) needs a value or an error, not {readings[i].GetType().Name}", nameof(readings));
            }
            // Records are stored for the HPA's queries only for triggers with useCachedMetrics.
            if (triggers[i].UseCachedMetrics)
            {
                _cached[i] = readings[i];
            }
        }
        if (triggers.All(t => t.Scaler!.Resource is not null) && !isError)
        {
            isActive = true;
        }
        return (isActive, isError);
    }

    // RequestScale (scale_scaledobjects.go), without the paused annotations (KedaHpa.For refuses them).
    private (KedaAction Action, int Replicas) RequestScale(TimeSpan now, bool isActive, bool isError, int current)
    {
        var spec = ScaledObject.Spec;
        var min = spec.MinReplicaCount;
        if (isActive)
        {
            if ((spec.IdleReplicaCount is not null && current < min) || current == 0)
            {
                // scaleFromZeroOrIdle: to minReplicaCount, or 1 when that is 0; the HPA takes it from there.
                LastActiveTime = now;
                return (KedaAction.Activated, min > 0 ? min : 1);
            }
            if (isError)
            {
                // Some trigger active, some failing: only the Ready condition changes; lastActiveTime is not refreshed.
                return (KedaAction.PartialError, current);
            }
            LastActiveTime = now;
            return (KedaAction.KeptActive, current);
        }
        if (isError && spec.Fallback is { Replicas: not 0 })
        {
            // Held so that the HPA can apply fallback.replicas: at 0 replicas the HPA would be disabled.
            return (KedaAction.HeldOnError, current);
        }
        if (isError && spec.Fallback is null)
        {
            return (KedaAction.HeldOnError, current);
        }
        if ((spec.IdleReplicaCount is { } idle && current > idle) || (current > 0 && min == 0))
        {
            return ScaleToZeroOrIdle(now, current);
        }
        if (spec.IdleReplicaCount is null && current < min)
        {
            return (KedaAction.ScaledToMin, min);
        }
        return (KedaAction.None, current);
    }

    // scaleToZeroOrIdle: once lastActiveTime + cooldownPeriod is past (or, never active, creation +
    // initialCooldownPeriod), to idleReplicaCount, else minReplicaCount (getIdleOrMinimumReplicaCount).
    // time.Before is strict: at exactly the end of the cooldown the target still cools down.
    private (KedaAction Action, int Replicas) ScaleToZeroOrIdle(TimeSpan now, int current)
    {
        var spec = ScaledObject.Spec;
        var due = LastActiveTime is { } lastActive
            ? lastActive + TimeSpan.FromSeconds(spec.CooldownPeriod) < now
            : _createdAt + TimeSpan.FromSeconds(spec.InitialCooldownPeriod) < now;
        return due ? (KedaAction.Deactivated, spec.IdleReplicaCount ?? spec.MinReplicaCount) : (KedaAction.CoolingDown, current);
    }

    // One sync of the generated HPA. The HPA queries metrics only with the replicas inside [min, max] and
    // not 0 (reconcileAutoscaler); each External query goes through GetScaledObjectMetrics and
    // GetMetricsWithFallback, so only then do failures count.
    private KedaHpaSync Sync(TimeSpan now, IReadOnlyList<TriggerReading> readings, int replicas, IReadOnlyList<PodState> pods)
    {
        var spec = Hpa.Spec;
        var queried = replicas != 0 && replicas >= spec.MinReplicas && replicas <= spec.MaxReplicas;
        var samples = new MetricSample[spec.Metrics.Count];
        var fallback = new bool[spec.Metrics.Count];
        for (var m = 0; m < samples.Length; m++)
        {
            (samples[m], fallback[m]) = queried
                ? Sample(spec.Metrics[m], Hpa.TriggerOfMetric[m], readings, replicas, pods)
                : (MetricSample.Failed("not queried"), false);
        }
        var decision = _hpaController.Sync(spec, new HpaSyncInput(now, replicas, pods, samples), HpaHistory);
        HpaHistory = decision.History;
        return new KedaHpaSync(decision, fallback);
    }

    private (MetricSample Sample, bool Fallback) Sample(MetricSpec metric, int index, IReadOnlyList<TriggerReading> readings, int replicas, IReadOnlyList<PodState> pods)
    {
        var trigger = ScaledObject.Spec.Triggers[index];
        if (trigger.Scaler!.Resource is not null)
        {
            // cpu and memory come from the resource metrics API, not from KEDA.
            return readings[index] switch
            {
                ResourceReading resource => (resource.Sample, false),
                FailedReading failed => (MetricSample.Failed(failed.Reason), false),
                var other => throw new ArgumentException($"trigger {index} ({trigger.Type}) needs per-pod usage or an error, not {other.GetType().Name}", nameof(readings)),
            };
        }
        // useCachedMetrics: the record of the last poll, when there is one.
        var reading = trigger.UseCachedMetrics && _cached[index] is { } cached ? cached : readings[index];
        switch (reading)
        {
            case ValueReading value:
                _failures[index] = 0;
                return (MetricSample.Total(Milli.Of(value.Value)), false);
            case FailedReading failed:
                _failures[index]++;
                var fallback = ScaledObject.Spec.Fallback;
                if (!KedaFallback.Applies(fallback, _failures[index]))
                {
                    return (MetricSample.Failed(failed.Reason), false);
                }
                var sample = KedaFallback.Sample(fallback!, metric.Target, replicas, pods);
                return (sample, sample is TotalSample);
            default:
                throw new ArgumentException($"trigger {index} ({trigger.Type}) needs a value or an error, not {reading.GetType().Name}", nameof(readings));
        }
    }

    private static TimeSpan Advance(TimeSpan due, TimeSpan now, TimeSpan period)
    {
        while (due <= now)
        {
            due += period;
        }
        return due;
    }

    private static List<PodState> ReadyPods(int replicas) => [.. Enumerable.Range(0, replicas).Select(i => new PodState($"pod-{i}"))];
}
