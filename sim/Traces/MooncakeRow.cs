using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Headroom.Fleet;

namespace Headroom.Sim.Traces;

/// <summary>
/// Mooncake rows of the usual shape read in one scan, without building a JSON document:
/// <c>{"timestamp": 27482, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47]}</c>. A tiled
/// Mooncake replay reads millions of such rows, and a document per row was most of its cost. Anything else
/// (other key orders or spacing, fractions, signs, long numbers, other fields) is left to the JSON reader, which
/// reads such rows the same way and names what is wrong; MooncakeRowProperties checks the two agree.
/// </summary>
internal static class MooncakeRow
{
    /// <summary>Prompt tokens in one of a Mooncake trace's hashed blocks.</summary>
    public const int BlockTokens = 512;

    /// <summary>A row of the usual shape read in one scan; false for any other row.</summary>
    public static bool TryPlain(ReadOnlySpan<char> row, out TraceRequest request)
    {
        request = default;
        var at = 0;
        if (!Literal(row, ref at, "{\"timestamp\": ") || !Number(row, ref at, 15, out var milliseconds)
            || !Literal(row, ref at, ", \"input_length\": ") || !Number(row, ref at, 9, out var prompt)
            || !Literal(row, ref at, ", \"output_length\": ") || !Number(row, ref at, 9, out var output))
        {
            return false;
        }
        long[]? ids = null;
        if (!Literal(row, ref at, "}") && !(Literal(row, ref at, ", \"hash_ids\": [") && Ids(row, ref at, out ids) && Literal(row, ref at, "}")))
        {
            return false;
        }
        if (at != row.Length) return false;
        request = new TraceRequest(milliseconds / 1000.0, (int)prompt, (int)output, Blocks(ids));
        return true;
    }

    /// <summary>A row's block ids as its prompt's blocks; none without ids.</summary>
    public static PromptBlocks Blocks(long[]? ids) => ids is { Length: > 0 } ? new PromptBlocks(ids, BlockTokens, 0) : default;

    private static bool Literal(ReadOnlySpan<char> row, ref int at, string text)
    {
        if (!row[at..].StartsWith(text, StringComparison.Ordinal)) return false;
        at += text.Length;
        return true;
    }

    // A JSON non-negative integer of at most maxDigits digits: "0", or digits without a leading zero.
    private static bool Number(ReadOnlySpan<char> row, ref int at, int maxDigits, out long value)
    {
        var start = at;
        value = 0;
        while (at < row.Length && (uint)(row[at] - '0') <= 9)
        {
            if (at - start == maxDigits) return false;
            value = value * 10 + (row[at++] - '0');
        }
        var digits = at - start;
        return digits > 0 && (digits == 1 || row[start] != '0') && (at == row.Length || row[at] is not ('.' or 'e' or 'E'));
    }

    // The block ids: integers separated by ", ", up to the closing bracket. Checked a vector at a time (about fifty
    // ids a row): only id characters, every comma followed by a space and every space after a comma, no empty id, no
    // leading zero; so what passes is a JSON array of integers, read then as ids of at most 18 digits (longer ones
    // are left to the JSON reader).
    private static bool Ids(ReadOnlySpan<char> row, ref int at, out long[]? values)
    {
        values = null;
        var rest = row[at..];
        var end = rest.IndexOfAnyExcept(IdCharacters);
        if (end < 0 || rest[end] != ']') return false;
        var ids = rest[..end];
        at += end + 1;
        if (ids.IsEmpty) return true;
        if (!IsDigit(ids[0]) || !IsDigit(ids[^1]) || !SpacesFollowCommas(ids) || ids.Contains(", ,", StringComparison.Ordinal)) return false;
        if (ids.Length > 1 && ids[0] == '0' && IsDigit(ids[1])) return false;
        for (var i = ids.IndexOf(" 0", StringComparison.Ordinal); i >= 0; i = NextIndex(ids, " 0", i))
        {
            if (i + 2 < ids.Length && IsDigit(ids[i + 2])) return false;
        }
        values = new long[ids.Count(',') + 1];
        var n = 0;
        long id = 0;
        var digits = 0;
        foreach (var c in ids)
        {
            if (IsDigit(c))
            {
                if (++digits > 18) return false;
                id = id * 10 + (c - '0');
            }
            else if (c == ',')
            {
                values[n++] = id;
                id = 0;
                digits = 0;
            }
        }
        values[n] = id;
        return true;
    }

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("0123456789, ");

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static int NextIndex(ReadOnlySpan<char> text, string value, int after)
    {
        var i = text[(after + 1)..].IndexOf(value, StringComparison.Ordinal);
        return i < 0 ? -1 : after + 1 + i;
    }

    // Whether ids[i] is a comma exactly where ids[i + 1] is a space.
    private static bool SpacesFollowCommas(ReadOnlySpan<char> ids)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(ids);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var comma = new Vector<ushort>(',');
            var space = new Vector<ushort>(' ');
            for (; i + Vector<ushort>.Count < chars.Length; i += Vector<ushort>.Count)
            {
                var commas = Vector.Equals(new Vector<ushort>(chars[i..]), comma);
                var spaces = Vector.Equals(new Vector<ushort>(chars[(i + 1)..]), space);
                if (commas != spaces) return false;
            }
        }
        for (; i + 1 < chars.Length; i++)
        {
            if ((chars[i] == ',') != (chars[i + 1] == ' ')) return false;
        }
        return true;
    }
}
