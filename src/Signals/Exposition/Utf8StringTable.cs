using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Headroom.Signals.Exposition;

/// <summary>
/// Maps UTF-8 bytes to strings so that the names and label values a server repeats on every scrape are decoded and
/// allocated once per parser, not once per line. Bounded: probing stops after a few slots and, once the table is at
/// its maximum size, a new string takes the place of an old one, so hostile input can neither grow it without limit
/// nor make a lookup slow.
/// </summary>
internal sealed class Utf8StringTable(int maxCapacity)
{
    private const int ProbeLimit = 8;

    private readonly ulong seed = (ulong)Random.Shared.NextInt64();
    private Entry[] entries = new Entry[Math.Min(1024, maxCapacity)];
    private int count;

    /// <summary>The string for the bytes, or null when they are not valid UTF-8.</summary>
    public string? GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = Hash(utf8);
        if (Find(utf8, hash) is { } found)
        {
            return found;
        }

        if (!Utf8.IsValid(utf8))
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Add(utf8, hash, value);
        return value;
    }

    /// <summary>Whether the bytes were added.</summary>
    public bool Contains(ReadOnlySpan<byte> utf8) => Find(utf8, Hash(utf8)) is not null;

    private string? Find(ReadOnlySpan<byte> utf8, int hash)
    {
        var mask = entries.Length - 1;
        for (var probe = 0; probe < ProbeLimit; probe++)
        {
            ref var entry = ref entries[(hash + probe) & mask];
            if (entry.Key is null)
            {
                return null;
            }

            if (entry.Hash == hash && entry.Key.AsSpan().SequenceEqual(utf8))
            {
                return entry.Value;
            }
        }

        return null;
    }

    private void Add(ReadOnlySpan<byte> utf8, int hash, string value)
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

        entries[slot] = new Entry(hash, utf8.ToArray(), value);
    }

    private void Grow()
    {
        var old = entries;
        entries = new Entry[old.Length * 2];
        count = 0;
        foreach (var entry in old)
        {
            if (entry.Key is not null)
            {
                Add(entry.Key, entry.Hash, entry.Value);
            }
        }
    }

    private int Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15;
        var hash = seed ^ ((ulong)utf8.Length * multiplier);
        while (utf8.Length >= sizeof(ulong))
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(utf8)) * multiplier;
            hash ^= hash >> 29;
            utf8 = utf8[sizeof(ulong)..];
        }

        ulong tail = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            tail |= (ulong)utf8[i] << (8 * i);
        }

        hash = (hash ^ tail) * multiplier;
        return (int)(hash ^ (hash >> 32));
    }

    private readonly record struct Entry(int Hash, byte[]? Key, string Value);
}
