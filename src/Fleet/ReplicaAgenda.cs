using System.Runtime.CompilerServices;

namespace Headroom.Fleet;

/// <summary>
/// The event-driven fleet's replicas ordered by when their next event falls: a binary min-heap that knows each
/// replica's place, so a replica's time moves in O(log n) and the earliest is read in O(1).
/// </summary>
/// <remarks>
/// The heap moves small integers (each replica's entry on the agenda), not replicas: every event moves a replica
/// down several levels, and a reference stored into an array, or a place written into each replica passed, cost a
/// GC write barrier and a cache line per level.
/// </remarks>
internal sealed class ReplicaAgenda
{
    // By heap position: the entry there and its time, and past the last, always, infinity. By entry: its replica
    // and its heap position.
    private int[] _heap = new int[16];
    private double[] _at = new double[16];
    private Replica?[] _replicas = new Replica?[16];
    private int[] _position = new int[16];
    private int _count, _entries, _free = -1;

    public int Count => _count;

    /// <summary>When the earliest event falls; infinity when there is none.</summary>
    public double EarliestAt
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every event; compiled once without a profile (the simulator), it would stay out of line.
        get => _count > 0 ? _at[0] : double.PositiveInfinity;
    }

    /// <summary>The replica whose event is earliest.</summary>
    public Replica Earliest => _replicas[_heap[0]]!;

    /// <summary>Puts <paramref name="replica"/> at <paramref name="at"/>, adding it if it is not on the agenda.</summary>
    public void Set(Replica replica, double at)
    {
        var entry = replica.AgendaEntry;
        if (entry < 0)
        {
            entry = replica.AgendaEntry = NewEntry(replica);
            if (_count + 1 == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
                Array.Resize(ref _at, _at.Length * 2);
            }
            var last = _count++;
            _at[_count] = double.PositiveInfinity;
            Up(last, entry, at);
            return;
        }
        var i = _position[entry];
        var before = _at[i];
        if (at < before) Up(i, entry, at);
        else if (at > before) Down(i, entry, at);
    }

    /// <summary>Takes <paramref name="replica"/> off the agenda.</summary>
    public void Remove(Replica replica)
    {
        var entry = replica.AgendaEntry;
        if (entry < 0) return;
        replica.AgendaEntry = -1;
        var i = _position[entry];
        _replicas[entry] = null;
        _position[entry] = _free;
        _free = entry;
        var last = --_count;
        var (moved, at) = (_heap[last], _at[last]);
        _at[last] = double.PositiveInfinity;
        if (i == last) return;
        if (i > 0 && at < _at[(i - 1) >> 1]) Up(i, moved, at);
        else Down(i, moved, at);
    }

    private int NewEntry(Replica replica)
    {
        int entry;
        if (_free >= 0)
        {
            entry = _free;
            _free = _position[entry];
        }
        else
        {
            if (_entries == _replicas.Length)
            {
                Array.Resize(ref _replicas, _entries * 2);
                Array.Resize(ref _position, _entries * 2);
            }
            entry = _entries++;
        }
        _replicas[entry] = replica;
        return entry;
    }

    // Moves the hole at i up to where (entry, at) belongs, and puts it there.
    private void Up(int i, int entry, double at)
    {
        var (heap, times, position) = (_heap, _at, _position);
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            var later = times[parent];
            if (later <= at) break;
            var moved = heap[parent];
            heap[i] = moved;
            times[i] = later;
            position[moved] = i;
            i = parent;
        }
        Place(entry, at, i);
    }

    // Moves the hole at i down to where (entry, at) belongs, and puts it there. Which child is earlier is as likely
    // one as the other, so it is chosen by a conditional move rather than a branch the processor would mispredict;
    // the time past the last entry is infinity, so a lone left child needs no test.
    private void Down(int i, int entry, double at)
    {
        var (heap, times, position, count) = (_heap, _at, _position, _count);
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= count) break;
            child += times[child + 1] < times[child] ? 1 : 0;
            var earlier = times[child];
            if (earlier >= at) break;
            var moved = heap[child];
            heap[i] = moved;
            times[i] = earlier;
            position[moved] = i;
            i = child;
        }
        Place(entry, at, i);
    }

    private void Place(int entry, double at, int i)
    {
        _heap[i] = entry;
        _at[i] = at;
        _position[entry] = i;
    }
}
