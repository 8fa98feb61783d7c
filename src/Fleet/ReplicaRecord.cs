namespace Headroom.Fleet;

/// <summary>One replica's life and GPU use, a row of replicas.csv.</summary>
/// <param name="Name">Replica name.</param>
/// <param name="Created">When it was created, seconds.</param>
/// <param name="Ready">When it became ready; null if it never did.</param>
/// <param name="Removed">When it was removed, or the end of the run.</param>
/// <param name="BusySeconds">Seconds its GPU prefilled or decoded.</param>
public sealed record ReplicaRecord(string Name, double Created, double? Ready, double Removed, double BusySeconds)
{
    /// <summary>Busy share of its ready time (what DCGM would average over its life); null if it was never ready.</summary>
    public double? BusyFraction => Ready is { } ready && Removed > ready ? BusySeconds / (Removed - ready) : null;
}
