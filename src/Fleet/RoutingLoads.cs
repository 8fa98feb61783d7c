namespace Headroom.Fleet;

/// <summary>
/// The event-driven fleet's view for least-outstanding-requests routing: each replica's load in the fleet's order, in
/// one array, with <see cref="int.MaxValue"/> for a replica that takes no requests (starting or terminating). An
/// arrival then scans a few hundred bytes instead of every replica's queues. As in the step model, which routes a
/// step's arrivals with the loads at the step's start, a request that left a replica within the arrival's scheduler
/// tick still counts toward its load until the tick ends.
/// </summary>
internal sealed class RoutingLoads
{
    private int[] _loads = new int[16];
    private long[] _leftTick = new long[16];
    private int[] _left = new int[16];
    private int _count;

    /// <summary>Appends <paramref name="replica"/>, taking no requests yet.</summary>
    public void Add(Replica replica)
    {
        if (_count == _loads.Length)
        {
            Array.Resize(ref _loads, _count * 2);
            Array.Resize(ref _leftTick, _count * 2);
            Array.Resize(ref _left, _count * 2);
        }
        replica.Slot = _count;
        _leftTick[_count] = -1;
        _left[_count] = 0;
        _loads[_count++] = int.MaxValue;
    }

    /// <summary>Records what <paramref name="replica"/> now holds, or that it takes no requests.</summary>
    public void Update(Replica replica)
    {
        var slot = replica.Slot;
        _loads[slot] = replica.Serving && !replica.Terminating ? replica.Load : int.MaxValue;
        (_leftTick[slot], _left[slot]) = replica.LeftInTick;
    }

    /// <summary>Removes the replica at <paramref name="slot"/>; <paramref name="replicas"/> is the fleet's list with it already removed.</summary>
    public void RemoveAt(int slot, List<Replica> replicas)
    {
        _count--;
        Array.Copy(_loads, slot + 1, _loads, slot, _count - slot);
        Array.Copy(_leftTick, slot + 1, _leftTick, slot, _count - slot);
        Array.Copy(_left, slot + 1, _left, slot, _count - slot);
        for (var i = slot; i < replicas.Count; i++) replicas[i].Slot = i;
    }

    /// <summary>The slot of the first replica with the fewest requests in <paramref name="tick"/> among those taking requests; −1 when none does.</summary>
    public int LeastLoaded(long tick)
    {
        var best = -1;
        var least = int.MaxValue;
        var loads = _loads.AsSpan(0, _count);
        var leftTick = _leftTick.AsSpan(0, _count);
        var left = _left.AsSpan(0, _count);
        for (var i = 0; i < loads.Length; i++)
        {
            var load = loads[i];
            if (load == int.MaxValue) continue;
            if (leftTick[i] == tick) load += left[i];
            if (load < least)
            {
                least = load;
                best = i;
            }
        }
        return best;
    }
}
