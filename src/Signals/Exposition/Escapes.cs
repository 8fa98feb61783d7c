namespace Headroom.Signals.Exposition;

/// <summary>Undoes the escaping of label values, quoted names and HELP text.</summary>
internal static class Escapes
{
    /// <summary>
    /// Replaces <c>\\</c> and <c>\n</c>, and <c>\"</c> when <paramref name="quotes"/> is set. Any other backslash is
    /// kept as written, as Prometheus' own parsers do, rather than failing the line.
    /// </summary>
    public static void Unescape(ReadOnlySpan<byte> raw, ByteBuffer into, bool quotes)
    {
        into.Clear();
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0 || backslash == raw.Length - 1)
            {
                into.Append(raw);
                return;
            }

            into.Append(raw[..backslash]);
            var escaped = raw[backslash + 1];
            switch (escaped)
            {
                case (byte)'\\':
                    into.Append((byte)'\\');
                    break;
                case (byte)'n':
                    into.Append((byte)'\n');
                    break;
                case (byte)'"' when quotes:
                    into.Append((byte)'"');
                    break;
                default:
                    into.Append(raw.Slice(backslash, 2));
                    break;
            }

            raw = raw[(backslash + 2)..];
        }
    }

    /// <summary>
    /// The length of a quoted string's content, given the text after its opening quote: up to the first quote not
    /// escaped by a backslash. -1 when the string is not closed on this line.
    /// </summary>
    public static int QuotedLength(ReadOnlySpan<byte> afterQuote, out bool hasEscapes)
    {
        hasEscapes = false;
        var end = 0;
        while (end < afterQuote.Length)
        {
            var next = afterQuote[end..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                return -1;
            }

            end += next;
            if (afterQuote[end] == '"')
            {
                return end;
            }

            hasEscapes = true;
            end += 2;
        }

        return -1;
    }
}
