namespace Headroom.Adapter.Auth;

/// <summary>
/// A map of bounded size that, when full, forgets the entry used least recently to make room: a flood of distinct
/// keys (bad credentials, say) pushes out old entries rather than being refused or growing memory. Thread-safe.
/// </summary>
/// <typeparam name="TValue">The value kept per key.</typeparam>
public sealed class LruMap<TValue>(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, TValue Value)> _recency = new();
    private readonly Lock _lock = new();

    /// <summary>The number of entries kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _index.Count;
        }
    }

    /// <summary>Finds the value and marks it most recently used.</summary>
    public bool TryGet(string key, out TValue value)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Sets the value as the most recently used, forgetting the least recently used entry if the map is full.</summary>
    public void Set(string key, TValue value)
    {
        lock (_lock)
        {
            if (_index.Remove(key, out var existing)) _recency.Remove(existing);
            else if (_index.Count >= capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _index.Remove(oldest.Value.Key);
            }
            _index[key] = _recency.AddFirst((key, value));
        }
    }

    /// <summary>Forgets the key.</summary>
    public void Remove(string key)
    {
        lock (_lock)
        {
            if (_index.Remove(key, out var node)) _recency.Remove(node);
        }
    }
}
