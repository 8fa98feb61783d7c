using Headroom.Signals.Snapshots;

namespace Headroom.Serving;

/// <summary>Holds the latest snapshot; readers never wait for the pipeline and always see a whole one.</summary>
public sealed class SnapshotStore
{
    private volatile SignalSnapshot _current = SignalSnapshot.Empty;
    // Made only when someone waits: a replay publishes every signal interval and is rarely waited on.
    private TaskCompletionSource? _next;

    /// <summary>The latest snapshot.</summary>
    public SignalSnapshot Current => _current;

    /// <summary>Whether at least one cycle has completed.</summary>
    public bool HasCompletedCycle => !ReferenceEquals(_current, SignalSnapshot.Empty);

    /// <summary>Completes when the next snapshot is published; streams wait on it instead of polling.</summary>
    public Task NextPublish
    {
        get
        {
            if (Volatile.Read(ref _next) is { } waiting) return waiting.Task;
            var created = NewSignal();
            return (Interlocked.CompareExchange(ref _next, created, null) ?? created).Task;
        }
    }

    /// <summary>Replaces the snapshot and wakes everything waiting for it.</summary>
    public void Publish(SignalSnapshot snapshot)
    {
        _current = snapshot;
        Interlocked.Exchange(ref _next, null)?.TrySetResult();
    }

    // Continuations run off the publishing thread, so slow waiters never delay the pipeline.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
