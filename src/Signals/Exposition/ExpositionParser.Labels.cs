namespace Headroom.Signals.Exposition;

public sealed partial class ExpositionParser
{
    /// <summary>Reads a metric name, plain or quoted; its bytes stay valid until the next name is read.</summary>
    private string? ReadName(ref LineCursor cursor, out ReadOnlySpan<byte> name)
    {
        if (cursor.Current == '"')
        {
            return ReadQuoted(ref cursor, nameScratch, out name) ?? (name.IsEmpty ? "the quoted metric name is empty" : null);
        }

        name = cursor.ReadMetricName();
        return name.IsEmpty ? $"expected a metric name, found '{Excerpt(cursor.Rest)}'" : null;
    }

    /// <summary>
    /// Reads a sample's labels after its '{'. A server writes the same label sets on every scrape, so a set already
    /// read is found by its raw bytes and its immutable array shared rather than parsed again. The key runs to the
    /// line's last '}':
    /// a known key is a label set that parsed cleanly and so has no unquoted '}' before its end, which means a key
    /// that ran on into an exemplar can never match one.
    /// </summary>
    private string? ReadLabelsOnce(ref LineCursor cursor, out Label[] set)
    {
        var start = cursor.Position;
        var candidate = cursor.Rest[..(cursor.Rest.LastIndexOf((byte)'}') + 1)];
        if (!candidate.IsEmpty && labelSets.Find(candidate) is { } known)
        {
            set = known;
            cursor.Position += candidate.Length;
            return null;
        }

        var error = ReadLabels(ref cursor, out set);
        if (error is null)
        {
            var key = cursor.Slice(start, cursor.Position);
            // The array and its label structs; the strings in them are counted in the string table.
            labelSets.Add(key, set, key.Length + 32 + 16 * set.Length);
        }

        return error;
    }

    /// <summary>
    /// Reads labels after '{' (or after the quoted name's comma) through the closing '}'; a trailing comma is allowed.
    /// The set is left in the label buffer too, for checks that need it.
    /// </summary>
    private string? ReadLabels(ref LineCursor cursor, out Label[] set)
    {
        set = [];
        labels.Clear();
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.TryConsume((byte)'}'))
            {
                set = labels.ToArray();
                return null;
            }

            var error = ReadLabel(ref cursor);
            if (error is not null)
            {
                return error;
            }

            cursor.SkipBlanks();
            if (cursor.TryConsume((byte)'}'))
            {
                set = labels.ToArray();
                return null;
            }

            if (!cursor.TryConsume((byte)','))
            {
                return cursor.AtEnd ? "the label set is not closed" : $"expected ',' or '}}' after a label, found '{(char)cursor.Current}'";
            }
        }
    }

    private string? ReadLabel(ref LineCursor cursor)
    {
        string? name;
        if (cursor.Current == '"')
        {
            var quotedError = ReadQuoted(ref cursor, scratch, out var quoted);
            if (quotedError is not null)
            {
                return quotedError;
            }

            name = strings.GetOrAdd(quoted);
            if (string.IsNullOrEmpty(name))
            {
                return name is null ? "a label name is not valid UTF-8" : "a quoted label name is empty";
            }
        }
        else
        {
            var plain = cursor.ReadLabelName();
            if (plain.IsEmpty)
            {
                return cursor.AtEnd ? "the label set is not closed" : $"invalid label name at '{Excerpt(cursor.Rest)}'";
            }

            name = strings.GetOrAdd(plain)!;
        }

        cursor.SkipBlanks();
        if (!cursor.TryConsume((byte)'='))
        {
            return $"expected '=' after label name '{name}'";
        }

        cursor.SkipBlanks();
        if (cursor.Current != '"')
        {
            return $"expected a quoted value for label '{name}'";
        }

        var valueError = ReadQuoted(ref cursor, scratch, out var rawValue);
        if (valueError is not null)
        {
            return valueError;
        }

        var value = strings.GetOrAdd(rawValue);
        if (value is null)
        {
            return $"the value of label '{name}' is not valid UTF-8";
        }

        if (labels.Contains(name))
        {
            return $"label '{name}' appears twice";
        }

        if (labels.Count >= options.MaxLabelsPerSample)
        {
            return $"more than {options.MaxLabelsPerSample} labels";
        }

        labels.Add(new Label(name, value));
        return null;
    }

    /// <summary>Reads a quoted string at the cursor, unescaping into the buffer only when it has escapes.</summary>
    private static string? ReadQuoted(ref LineCursor cursor, ByteBuffer unescaped, out ReadOnlySpan<byte> content)
    {
        var afterQuote = cursor.Rest[1..];
        var length = Escapes.QuotedLength(afterQuote, out var hasEscapes);
        if (length < 0)
        {
            content = default;
            return "a quoted string is not closed";
        }

        cursor.Position += length + 2;
        content = afterQuote[..length];
        if (hasEscapes)
        {
            Escapes.Unescape(content, unescaped, quotes: true);
            content = unescaped.Span;
        }

        return null;
    }
}
