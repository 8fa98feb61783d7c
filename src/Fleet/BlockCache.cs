namespace Headroom.Fleet;

/// <summary>
/// Block keys, each with a value, kept up to a capacity, the least recently used of a few evicted first: the store
/// behind a replica's prefix cache and the router's index of where prefixes went.
/// </summary>
/// <remarks>
/// Every block of every prompt passes through here (tens of millions in a tiled Mooncake replay, nearly all of
/// them new, each evicting another), and an exact LRU list with a hash index cost more than the rest of the replay.
/// So keys are kept as a CPU cache keeps lines: hashed to a set of <see cref="Ways"/> slots, and a new key takes the
/// least recently used slot of its set. Any of the last <see cref="Ways"/> keys used is always kept, and a key
/// leaves at most a few uses earlier than under exact LRU.
/// </remarks>
internal sealed class BlockCache<TValue>
{
    /// <summary>Slots per set.</summary>
    public const int Ways = 4;

    // Each slot's key and when it was last used (0: empty), side by side, so a set is one cache line.
    private long[] _slots = [];
    private TValue[] _values = [];
    private ulong _sets;
    private long _clock;

    /// <summary>Most keys kept, rounded up to whole sets; on a change the keys are placed again, the most recently used kept where too many meet.</summary>
    public long Capacity
    {
        get => (long)_sets * Ways;
        set
        {
            var sets = (ulong)Math.Max(0, (value + Ways - 1) / Ways);
            if (sets == _sets) return;
            var (slots, values) = (_slots, _values);
            _sets = sets;
            _slots = new long[sets * Ways * 2];
            _values = new TValue[sets * Ways];
            Count = 0;
            if (sets == 0) return;
            for (var i = 0; i < values.Length; i++)
            {
                if (slots[2 * i + 1] != 0) Place(slots[2 * i], values[i], slots[2 * i + 1]);
            }
        }
    }

    /// <summary>Keys kept.</summary>
    public int Count { get; private set; }

    /// <summary>The value of <paramref name="key"/>, which counts as used now; false when it is not kept.</summary>
    public bool TryGet(long key, out TValue value)
    {
        if (_sets > 0)
        {
            var first = First(key);
            for (var i = first; i < first + Ways; i++)
            {
                if (_slots[2 * i] != key || _slots[2 * i + 1] == 0) continue;
                _slots[2 * i + 1] = ++_clock;
                value = _values[i];
                return true;
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="key"/> with <paramref name="value"/> as the most recently used, in its set's least recently used slot if it is new.</summary>
    public void Set(long key, TValue value)
    {
        if (_sets > 0) Place(key, value, ++_clock);
    }

    // Into the key's own slot, else its set's least recently used, unless every slot there was used after `used`.
    private void Place(long key, TValue value, long used)
    {
        var first = First(key);
        var slot = first;
        for (var i = first; i < first + Ways; i++)
        {
            if (_slots[2 * i] == key && _slots[2 * i + 1] != 0)
            {
                slot = i;
                break;
            }
            if (_slots[2 * i + 1] < _slots[2 * slot + 1]) slot = i;
        }
        if (_slots[2 * slot + 1] > used) return;
        if (_slots[2 * slot + 1] == 0) Count++;
        _slots[2 * slot] = key;
        _values[slot] = value;
        _slots[2 * slot + 1] = used;
    }

    // The key's set, by a multiplicative hash scaled onto the number of sets.
    private int First(long key) => (int)Math.BigMul(unchecked((ulong)key * 0x9E3779B97F4A7C15UL), _sets, out _) * Ways;
}
