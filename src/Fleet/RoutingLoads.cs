namespace Headroom.Fleet;

/// <summary>
/// The event-driven fleet's view for least-outstanding-requests routing: each replica's load in the fleet's order, in
/// one array, with <see cref="int.MaxValue"/> for a replica that takes no requests (starting or terminating). An
/// arrival then scans a few hundred bytes instead of every replica's queues.
/// </summary>
internal sealed class RoutingLoads
{
    private int[] _loads = new int[16];
    private int _count;

    /// <summary>Appends <paramref name="replica"/>, taking no requests yet.</summary>
    public void Add(Replica replica)
    {
        if (_count == _loads.Length) Array.Resize(ref _loads, _count * 2);
        replica.Slot = _count;
        _loads[_count++] = int.MaxValue;
    }

    /// <summary>Records what <paramref name="replica"/> now holds, or that it takes no requests.</summary>
    public void Update(Replica replica) => _loads[replica.Slot] = replica.Serving && !replica.Terminating ? replica.Load : int.MaxValue;

    /// <summary>Removes the replica at <paramref name="slot"/>; <paramref name="replicas"/> is the fleet's list with it already removed.</summary>
    public void RemoveAt(int slot, List<Replica> replicas)
    {
        _count--;
        Array.Copy(_loads, slot + 1, _loads, slot, _count - slot);
        for (var i = slot; i < replicas.Count; i++) replicas[i].Slot = i;
    }

    /// <summary>The slot of the first replica with the fewest requests among those taking requests; −1 when none does.</summary>
    public int LeastLoaded()
    {
        var best = -1;
        var least = int.MaxValue;
        var loads = _loads.AsSpan(0, _count);
        for (var i = 0; i < loads.Length; i++)
        {
            if (loads[i] < least)
            {
                least = loads[i];
                best = i;
            }
        }
        return best;
    }
}
