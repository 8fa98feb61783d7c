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
    // By heap position: the entry there and its time. By entry: its replica and its heap position.
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
            if (_count == _heap.Length)
            {
                Array.Resize(ref _heap, _count * 2);
                Array.Resize(ref _at, _count * 2);
            }
            var last = _count++;
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
        if (i == last) return;
        var (moved, at) = (_heap[last], _at[last]);
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
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_at[parent] <= at) break;
            Place(_heap[parent], _at[parent], i);
            i = parent;
        }
        Place(entry, at, i);
    }

    // Moves the hole at i down to where (entry, at) belongs, and puts it there.
    private void Down(int i, int entry, double at)
    {
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _at[child + 1] < _at[child]) child++;
            if (_at[child] >= at) break;
            Place(_heap[child], _at[child], i);
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
