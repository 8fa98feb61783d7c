namespace Headroom.Fleet;

/// <summary>
/// The event-driven fleet's replicas ordered by when their next event falls: a binary min-heap that knows each
/// replica's place, so a replica's time moves in O(log n) and the earliest is read in O(1).
/// </summary>
internal sealed class ReplicaAgenda
{
    private Replica[] _heap = new Replica[16];
    private double[] _at = new double[16];
    private int _count;

    public int Count => _count;

    /// <summary>When the earliest event falls; infinity when there is none.</summary>
    public double EarliestAt => _count > 0 ? _at[0] : double.PositiveInfinity;

    /// <summary>The replica whose event is earliest.</summary>
    public Replica Earliest => _heap[0];

    /// <summary>Puts <paramref name="replica"/> at <paramref name="at"/>, adding it if it is not on the agenda.</summary>
    public void Set(Replica replica, double at)
    {
        var i = replica.AgendaIndex;
        if (i < 0)
        {
            if (_count == _heap.Length)
            {
                Array.Resize(ref _heap, _count * 2);
                Array.Resize(ref _at, _count * 2);
            }
            i = _count++;
            _heap[i] = replica;
            _at[i] = at;
            replica.AgendaIndex = i;
            Up(i);
            return;
        }
        var before = _at[i];
        _at[i] = at;
        if (at < before) Up(i);
        else if (at > before) Down(i);
    }

    /// <summary>Takes <paramref name="replica"/> off the agenda.</summary>
    public void Remove(Replica replica)
    {
        var i = replica.AgendaIndex;
        if (i < 0) return;
        replica.AgendaIndex = -1;
        var last = --_count;
        if (i == last)
        {
            _heap[last] = null!;
            return;
        }
        var moved = _heap[last];
        var at = _at[last];
        _heap[last] = null!;
        Place(moved, at, i);
        Up(i);
        Down(moved.AgendaIndex);
    }

    private void Up(int i)
    {
        var r = _heap[i];
        var at = _at[i];
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_at[parent] <= at) break;
            Place(_heap[parent], _at[parent], i);
            i = parent;
        }
        Place(r, at, i);
    }

    private void Down(int i)
    {
        var r = _heap[i];
        var at = _at[i];
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && _at[child + 1] < _at[child]) child++;
            if (_at[child] >= at) break;
            Place(_heap[child], _at[child], i);
            i = child;
        }
        Place(r, at, i);
    }

    private void Place(Replica r, double at, int i)
    {
        _heap[i] = r;
        _at[i] = at;
        r.AgendaIndex = i;
    }
}
