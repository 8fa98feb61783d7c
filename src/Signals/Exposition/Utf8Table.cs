using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Headroom.Signals.Exposition;

/// <summary>
/// Maps UTF-8 bytes to values decoded from them, so that what a server repeats on every scrape (names, label values,
/// whole label sets) is decoded and allocated once per parser rather than once per line. Bounded: probing stops
/// after a few slots and, once the table is at its maximum size, a new entry takes the place of an old one, so
/// hostile input can neither grow it without limit nor make a lookup slow. Bounded in bytes too: entries whose cost
/// (key bytes and the value's) would take the table past <paramref name="maxBytes"/> are not kept, so a few long
/// distinct names cannot make it large either.
/// </summary>
internal sealed class Utf8Table<TValue>(int maxCapacity, long maxBytes)
    where TValue : class
{
    private const int ProbeLimit = 8;

    private readonly ulong seed = (ulong)Random.Shared.NextInt64();
    private Entry[] entries = new Entry[Math.Min(1024, maxCapacity)];
    private int count;

    /// <summary>The cost of every entry kept, as given when each was added.</summary>
    public long Bytes { get; private set; }

    /// <summary>The cost of every entry ever offered, kept or not: how much new text the input has brought.</summary>
    public long Offered { get; private set; }

    public TValue? Find(ReadOnlySpan<byte> key) => Find(key, Hash(key));

    /// <summary>Keeps the value unless its cost would take the table past its byte budget; returns whether it was kept.</summary>
    public bool Add(ReadOnlySpan<byte> key, TValue value, int cost)
    {
        Offered += cost;
        if (Bytes + cost > maxBytes) return false;
        Add(key, Hash(key), value, cost);
        return true;
    }

    private TValue? Find(ReadOnlySpan<byte> key, int hash)
    {
        var mask = entries.Length - 1;
        for (var probe = 0; probe < ProbeLimit; probe++)
        {
            ref var entry = ref entries[(hash + probe) & mask];
            if (entry.Key is null)
            {
                return null;
            }

            if (entry.Hash == hash && entry.Key.AsSpan().SequenceEqual(key))
            {
                return entry.Value;
            }
        }

        return null;
    }

    private void Add(ReadOnlySpan<byte> key, int hash, TValue value, int cost)
    {
        if (count * 2 >= entries.Length && entries.Length < maxCapacity)
        {
            Grow();
        }

        var mask = entries.Length - 1;
        var slot = hash & mask;
        for (var probe = 0; probe < ProbeLimit; probe++)
        {
            if (entries[(hash + probe) & mask].Key is null)
            {
                slot = (hash + probe) & mask;
                count++;
                break;
            }
        }

        Bytes += cost - entries[slot].Cost;
        entries[slot] = new Entry(hash, key.ToArray(), value, cost);
    }

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        count = 0;
        Bytes = 0;
        foreach (var entry in old)
        {
            if (entry.Key is not null)
            {
                Add(entry.Key, entry.Hash, entry.Value!, entry.Cost);
            }
        }
    }

    private int Hash(ReadOnlySpan<byte> key)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15;
        var hash = seed ^ ((ulong)key.Length * multiplier);
        while (key.Length >= sizeof(ulong))
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(key)) * multiplier;
            hash ^= hash >> 29;
            key = key[sizeof(ulong)..];
        }

        ulong tail = 0;
        for (var i = 0; i < key.Length; i++)
        {
            tail |= (ulong)key[i] << (8 * i);
        }

        hash = (hash ^ tail) * multiplier;
        return (int)(hash ^ (hash >> 32));
    }

    private readonly record struct Entry(int Hash, byte[]? Key, TValue? Value, int Cost);
}

/// <summary>Decodes strings through a table so each distinct one is allocated once.</summary>
internal static class Utf8Strings
{
    /// <summary>The string for the bytes, or null when they are not valid UTF-8.</summary>
    public static string? GetOrAdd(this Utf8Table<string> table, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (table.Find(utf8) is { } found)
        {
            return found;
        }

        if (!Utf8.IsValid(utf8))
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(utf8);
        table.Add(utf8, value, utf8.Length + 2 * value.Length);
        return value;
    }
}
