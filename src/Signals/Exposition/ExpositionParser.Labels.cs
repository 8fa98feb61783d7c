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

    /// <summary>Reads labels after '{' (or after the quoted name's comma) through the closing '}'; a trailing comma is allowed.</summary>
    private string? ReadLabels(ref LineCursor cursor, int setStart)
    {
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.TryConsume((byte)'}'))
            {
                return null;
            }

            var error = ReadLabel(ref cursor, setStart);
            if (error is not null)
            {
                return error;
            }

            cursor.SkipBlanks();
            if (cursor.TryConsume((byte)'}'))
            {
                return null;
            }

            if (!cursor.TryConsume((byte)','))
            {
                return cursor.AtEnd ? "the label set is not closed" : $"expected ',' or '}}' after a label, found '{(char)cursor.Current}'";
            }
        }
    }

    private string? ReadLabel(ref LineCursor cursor, int setStart)
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

        if (page.HasLabel(setStart, name))
        {
            return $"label '{name}' appears twice";
        }

        if (page.LabelCount - setStart >= options.MaxLabelsPerSample)
        {
            return $"more than {options.MaxLabelsPerSample} labels";
        }

        page.AddLabel(new Label(name, value));
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
