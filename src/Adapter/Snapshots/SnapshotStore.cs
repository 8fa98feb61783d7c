using Headroom.Signals.Snapshots;

namespace Headroom.Adapter.Snapshots;

/// <summary>Holds the latest snapshot; readers never wait for the pipeline and always see a whole one.</summary>
public sealed class SnapshotStore
{
    private volatile SignalSnapshot _current = SignalSnapshot.Empty;

    /// <summary>The latest snapshot.</summary>
    public SignalSnapshot Current => _current;

    /// <summary>Whether at least one cycle has completed.</summary>
    public bool HasCompletedCycle => !ReferenceEquals(_current, SignalSnapshot.Empty);

    /// <summary>Replaces the snapshot.</summary>
    public void Publish(SignalSnapshot snapshot) => _current = snapshot;
}
