namespace Headroom.Signals.Exposition;

public sealed partial class ExpositionParser
{
    private string? ReadSample(ref LineCursor cursor)
    {
        var labelsOpen = false;
        var nameInBraces = cursor.Current == '{';
        if (nameInBraces)
        {
            // The newer UTF-8 form, {"my.metric",a="b"}: the quoted name is the first item in the braces.
            cursor.Position++;
            cursor.SkipBlanks();
            if (cursor.Current != '"')
            {
                return "a line starting with '{' must begin with the quoted metric name";
            }
        }

        var error = ReadName(ref cursor, out var name);
        if (error is not null)
        {
            return error;
        }

        if (nameInBraces)
        {
            cursor.SkipBlanks();
            labelsOpen = cursor.TryConsume((byte)',');
            if (!labelsOpen && !cursor.TryConsume((byte)'}'))
            {
                return "expected ',' or '}' after the quoted metric name";
            }
        }

        if (!ContinuesFamily(name) && OpenFamily(name) is { } familyError)
        {
            return familyError;
        }

        family.HasSamples = true;
        if (!family.Kept)
        {
            return null;
        }

        var sampleName = strings.GetOrAdd(name);
        if (sampleName is null)
        {
            return "the metric name is not valid UTF-8";
        }

        var labelStart = page.LabelCount;
        error = ReadSampleRest(ref cursor, sampleName, labelStart, labelsOpen, nameInBraces);
        if (error is not null)
        {
            page.TruncateLabels(labelStart);
        }

        return error;
    }

    private string? ReadSampleRest(ref LineCursor cursor, string name, int labelStart, bool labelsOpen, bool nameInBraces)
    {
        var separated = cursor.SkipBlanks();
        if (!nameInBraces && cursor.TryConsume((byte)'{'))
        {
            labelsOpen = true;
        }

        if (labelsOpen)
        {
            var error = ReadLabels(ref cursor, labelStart);
            if (error is not null)
            {
                return error;
            }

            separated = true;
            cursor.SkipBlanks();
        }

        var labelCount = page.LabelCount - labelStart;
        if (!separated || cursor.AtEnd)
        {
            return cursor.AtEnd ? "expected a value" : $"unexpected character '{(char)cursor.Current}' after the metric name";
        }

        var valueText = cursor.ReadToken();
        if (!ExpositionNumber.TryParse(valueText, out var value))
        {
            return $"invalid value '{Excerpt(valueText)}'";
        }

        var timestampError = ReadTimestamp(ref cursor, out var timestamp);
        if (timestampError is not null)
        {
            return timestampError;
        }

        var exemplar = -1;
        if (!cursor.AtEnd)
        {
            if (format != ExpositionFormat.OpenMetrics || cursor.Current != '#')
            {
                return $"unexpected text after the {(timestamp is null ? "value" : "timestamp")}";
            }

            var exemplarError = ReadExemplar(ref cursor, out exemplar);
            if (exemplarError is not null)
            {
                return exemplarError;
            }
        }

        if (page.SampleCount >= options.MaxSamples)
        {
            Stop($"more than {options.MaxSamples} samples; parsing stopped");
            return null;
        }

        page.AddSample(new SampleDraft(name, labelStart, labelCount, value, timestamp, exemplar));
        return null;
    }

    /// <summary>Reads an optional timestamp: integer milliseconds in 0.0.4, seconds with a fraction in OpenMetrics.</summary>
    private string? ReadTimestamp(ref LineCursor cursor, out long? timestamp)
    {
        timestamp = null;
        cursor.SkipBlanks();
        if (cursor.AtEnd || (cursor.Current == '#' && format == ExpositionFormat.OpenMetrics))
        {
            return null;
        }

        var text = cursor.ReadToken();
        cursor.SkipBlanks();
        var valid = format == ExpositionFormat.OpenMetrics
            ? ExpositionNumber.TryParseSecondsAsMilliseconds(text, out var milliseconds)
            : ExpositionNumber.TryParseMilliseconds(text, out milliseconds);
        timestamp = milliseconds;
        return valid ? null : $"invalid timestamp '{Excerpt(text)}'";
    }

    private string? ReadExemplar(ref LineCursor cursor, out int exemplar)
    {
        exemplar = -1;
        cursor.Position++;
        cursor.SkipBlanks();
        if (!cursor.TryConsume((byte)'{'))
        {
            return "expected '{' to open the exemplar's labels";
        }

        var labelStart = page.LabelCount;
        var error = ReadLabels(ref cursor, labelStart);
        if (error is not null)
        {
            return error;
        }

        if (page.CodePoints(labelStart) > 128)
        {
            return "the exemplar's labels are longer than 128 characters";
        }

        cursor.SkipBlanks();
        var valueText = cursor.ReadToken();
        if (!ExpositionNumber.TryParse(valueText, out var value))
        {
            return $"invalid exemplar value '{Excerpt(valueText)}'";
        }

        error = ReadTimestamp(ref cursor, out var timestamp);
        if (error is not null || !cursor.AtEnd)
        {
            return error ?? "unexpected text after the exemplar";
        }

        exemplar = page.AddExemplar(new ExemplarDraft(labelStart, page.LabelCount - labelStart, value, timestamp));
        return null;
    }
}
