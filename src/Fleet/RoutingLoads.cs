using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every event; compiled once without a profile (the simulator), it would stay out of line.
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LeastLoaded(long tick) => LeastLoaded(_loads.AsSpan(0, _count), _leftTick.AsSpan(0, _count), _left.AsSpan(0, _count), tick);

    /// <summary>
    /// The first index with the fewest requests in <paramref name="tick"/>: <paramref name="loads"/>, plus
    /// <paramref name="left"/> where <paramref name="leftTick"/> is <paramref name="tick"/>, among the loads that are not
    /// <see cref="int.MaxValue"/>; −1 when every load is. Every arrival asks, so loads are compared a vector at a time.
    /// </summary>
    internal static int LeastLoaded(ReadOnlySpan<int> loads, ReadOnlySpan<long> leftTick, ReadOnlySpan<int> left, long tick)
    {
        if (leftTick.Length != loads.Length || left.Length != loads.Length)
            throw new ArgumentException($"{loads.Length} loads but {leftTick.Length} ticks and {left.Length} counts left in them");
        ref var load0 = ref MemoryMarshal.GetReference(loads);
        ref var tick0 = ref MemoryMarshal.GetReference(leftTick);
        ref var left0 = ref MemoryMarshal.GetReference(left);
        var width = Vector<int>.Count;
        var vectors = Vector.IsHardwareAccelerated ? loads.Length / width * width : 0;
        var least = int.MaxValue;
        var i = 0;
        if (vectors > 0)
        {
            // No load is below none: the first replica holding none is the answer, and a fleet with room has one early.
            var fewest = new Vector<int>(int.MaxValue);
            for (; i < vectors; i += width)
            {
                var block = Block(ref load0, ref tick0, ref left0, tick, i);
                if (Vector.EqualsAny(block, Vector<int>.Zero)) return i + FirstEqual(block, 0);
                fewest = Vector.Min(fewest, block);
            }
            for (var lane = 0; lane < width; lane++) least = Math.Min(least, fewest[lane]);
        }
        for (; i < loads.Length; i++) least = Math.Min(least, Load(loads, leftTick, left, tick, i));
        if (least == int.MaxValue) return -1;
        // The first block holding the fewest, then the first place in it.
        i = 0;
        if (vectors > 0)
        {
            var target = new Vector<int>(least);
            while (i < vectors && !Vector.EqualsAny(Block(ref load0, ref tick0, ref left0, tick, i), target)) i += width;
        }
        for (; i < loads.Length; i++)
        {
            if (Load(loads, leftTick, left, tick, i) == least) return i;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstEqual(Vector<int> block, int value)
    {
        var lane = 0;
        while (block[lane] != value) lane++;
        return lane;
    }

    // The loads at i and after, one vector of them (as wide as the processor's), with int.MaxValue kept for those
    // taking no requests. The callers read only whole vectors within the spans. By reference, not by span, so that
    // the JIT inlines it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> Block(ref int loads, ref long leftTick, ref int left, long tick, int i)
    {
        var at = new Vector<long>(tick);
        var inTick = Vector.Narrow(Vector.Equals(Vector.LoadUnsafe(ref leftTick, (nuint)i), at),
            Vector.Equals(Vector.LoadUnsafe(ref leftTick, (nuint)(i + Vector<long>.Count)), at));
        var load = Vector.LoadUnsafe(ref loads, (nuint)i);
        var none = Vector.Equals(load, new Vector<int>(int.MaxValue));
        return Vector.ConditionalSelect(none, load, load + (Vector.LoadUnsafe(ref left, (nuint)i) & inTick));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Load(ReadOnlySpan<int> loads, ReadOnlySpan<long> leftTick, ReadOnlySpan<int> left, long tick, int i) =>
        loads[i] == int.MaxValue ? int.MaxValue : leftTick[i] == tick ? loads[i] + left[i] : loads[i];
}
