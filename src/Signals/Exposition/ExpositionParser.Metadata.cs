using System.Text.Unicode;

namespace Headroom.Signals.Exposition;

public sealed partial class ExpositionParser
{
    private string? ReadComment(ref LineCursor cursor)
    {
        cursor.Position++;
        cursor.SkipBlanks();
        var keyword = cursor.ReadToken();
        var openMetrics = format == ExpositionFormat.OpenMetrics;
        if (openMetrics && keyword.SequenceEqual("EOF"u8))
        {
            cursor.SkipBlanks();
            sawEof = true;
            return cursor.AtEnd ? null : "unexpected text after # EOF";
        }

        var isHelp = keyword.SequenceEqual("HELP"u8);
        var isType = keyword.SequenceEqual("TYPE"u8);
        var isUnit = openMetrics && keyword.SequenceEqual("UNIT"u8);
        if (!isHelp && !isType && !isUnit)
        {
            // The 0.0.4 format ignores other comments; OpenMetrics forbids them.
            return openMetrics ? "OpenMetrics allows only HELP, TYPE, UNIT and EOF comments" : null;
        }

        var error = ReadDescribedFamily(ref cursor, keyword);
        if (error is not null)
        {
            return error;
        }

        return isHelp ? ReadHelp(ref cursor) : isType ? ReadType(ref cursor) : ReadUnit(ref cursor);
    }

    /// <summary>Reads the name after HELP, TYPE or UNIT and opens its family unless it is the open one.</summary>
    private string? ReadDescribedFamily(ref LineCursor cursor, ReadOnlySpan<byte> keyword)
    {
        if (!cursor.SkipBlanks())
        {
            return $"expected a metric name after {Excerpt(keyword)}";
        }

        var error = ReadName(ref cursor, out var name);
        if (error is not null)
        {
            return error;
        }

        if (!cursor.AtEnd && cursor.Current is not ((byte)' ' or (byte)'\t'))
        {
            return $"unexpected character '{(char)cursor.Current}' in the metric name after {Excerpt(keyword)}";
        }

        if (family.Open && name.SequenceEqual(familyName.Span))
        {
            return family.HasSamples
                ? $"{Excerpt(keyword)} for '{Excerpt(name)}' comes after its samples; metadata must come first"
                : null;
        }

        return OpenFamily(name);
    }

    private string? ReadHelp(ref LineCursor cursor)
    {
        // 0.0.4 docstrings start after any blanks; OpenMetrics puts exactly one space before its escaped string.
        if (format == ExpositionFormat.OpenMetrics ? !cursor.TryConsume((byte)' ') && !cursor.AtEnd : !cursor.SkipBlanks() && !cursor.AtEnd)
        {
            return "expected a space before the HELP text";
        }

        if (family.HasHelp)
        {
            return $"second HELP line for '{Excerpt(familyName.Span)}'";
        }

        if (!Utf8.IsValid(cursor.Rest))
        {
            return "the HELP text is not valid UTF-8";
        }

        family.HasHelp = true;
        familyHelp.Set(cursor.Rest);
        return null;
    }

    private string? ReadType(ref LineCursor cursor)
    {
        cursor.SkipBlanks();
        var word = cursor.ReadToken();
        cursor.SkipBlanks();
        if (word.IsEmpty || !cursor.AtEnd)
        {
            return word.IsEmpty ? "expected a type after the metric name" : "unexpected text after the type";
        }

        if (!TypeKeywords.TryParse(word, format, out var type))
        {
            return $"unknown metric type '{Excerpt(word)}'";
        }

        return family.HasType ? $"second TYPE line for '{Excerpt(familyName.Span)}'" : SetFamilyType(type);
    }

    private string? ReadUnit(ref LineCursor cursor)
    {
        if (!cursor.TryConsume((byte)' ') && !cursor.AtEnd)
        {
            return "expected a space before the unit";
        }

        var unit = cursor.Rest;
        foreach (var c in unit)
        {
            if (!NameSyntax.IsMetricNameChar(c))
            {
                return $"invalid unit '{Excerpt(unit)}'";
            }
        }

        var name = familyName.Span;
        if (!unit.IsEmpty && !(name.EndsWith(unit) && name.Length > unit.Length && name[^(unit.Length + 1)] == '_'))
        {
            return $"unit '{Excerpt(unit)}' is not a suffix of the metric name";
        }

        if (family.HasUnit)
        {
            return $"second UNIT line for '{Excerpt(familyName.Span)}'";
        }

        family.HasUnit = true;
        family.Unit = unit.IsEmpty ? null : strings.GetOrAdd(unit);
        return null;
    }
}
