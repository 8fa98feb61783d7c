using Headroom.Signals.Snapshots;

namespace Headroom.Serving;

/// <summary>Holds the latest snapshot; readers never wait for the pipeline and always see a whole one.</summary>
public sealed class SnapshotStore
{
    private volatile SignalSnapshot _current = SignalSnapshot.Empty;
    private TaskCompletionSource _next = NewSignal();

    /// <summary>The latest snapshot.</summary>
    public SignalSnapshot Current => _current;

    /// <summary>Whether at least one cycle has completed.</summary>
    public bool HasCompletedCycle => !ReferenceEquals(_current, SignalSnapshot.Empty);

    /// <summary>Completes when the next snapshot is published; streams wait on it instead of polling.</summary>
    public Task NextPublish => Volatile.Read(ref _next).Task;

    /// <summary>Replaces the snapshot and wakes everything waiting for it.</summary>
    public void Publish(SignalSnapshot snapshot)
    {
        _current = snapshot;
        Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();
    }

    // Continuations run off the publishing thread, so slow waiters never delay the pipeline.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
