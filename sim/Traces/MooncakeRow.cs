using System.Runtime.CompilerServices;

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
    /// <summary>A row of the usual shape read in one scan; false for any other row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
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
        if (!Literal(row, ref at, "}") && !(Literal(row, ref at, ", \"hash_ids\": [") && Ids(row, ref at) && Literal(row, ref at, "}")))
        {
            return false;
        }
        if (at != row.Length) return false;
        request = new TraceRequest(milliseconds / 1000.0, (int)prompt, (int)output);
        return true;
    }

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

    // The block ids, which the replay does not use: integers separated by ", ", up to the closing bracket.
    private static bool Ids(ReadOnlySpan<char> row, ref int at)
    {
        if (Literal(row, ref at, "]")) return true;
        while (true)
        {
            if (!Number(row, ref at, 15, out _)) return false;
            if (Literal(row, ref at, "]")) return true;
            if (!Literal(row, ref at, ", ")) return false;
        }
    }
}
