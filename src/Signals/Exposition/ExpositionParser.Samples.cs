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

        return ReadSampleRest(ref cursor, sampleName, labelsOpen, nameInBraces);
    }

    private string? ReadSampleRest(ref LineCursor cursor, string name, bool labelsOpen, bool nameInBraces)
    {
        var separated = cursor.SkipBlanks();
        var plainLabels = !nameInBraces && cursor.TryConsume((byte)'{');
        Label[] sampleLabels = [];
        if (plainLabels || labelsOpen)
        {
            var error = plainLabels ? ReadLabelsOnce(ref cursor, out sampleLabels) : ReadLabels(ref cursor, out sampleLabels);
            if (error is not null)
            {
                return error;
            }

            separated = true;
            cursor.SkipBlanks();
        }

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

        Exemplar? exemplar = null;
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

        page.AddSample(new Sample(name, new LabelSet(sampleLabels, 0, sampleLabels.Length), value, timestamp, exemplar));
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
        timestamp = valid ? milliseconds : null;
        return valid ? null : $"invalid timestamp '{Excerpt(text)}'";
    }

    private string? ReadExemplar(ref LineCursor cursor, out Exemplar? exemplar)
    {
        exemplar = null;
        cursor.Position++;
        cursor.SkipBlanks();
        if (!cursor.TryConsume((byte)'{'))
        {
            return "expected '{' to open the exemplar's labels";
        }

        var error = ReadLabels(ref cursor, out var exemplarLabels);
        if (error is not null)
        {
            return error;
        }

        if (labels.CodePoints() > 128)
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

        exemplar = new Exemplar(new LabelSet(exemplarLabels, 0, exemplarLabels.Length), value, timestamp);
        return null;
    }
}
