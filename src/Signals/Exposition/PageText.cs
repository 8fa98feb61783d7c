using System.Text;

namespace Headroom.Signals.Exposition;

/// <summary>Spells names, labels and escaped text the way both formats read them.</summary>
internal static class PageText
{
    /// <summary>Appends a label value, quoted name or OpenMetrics HELP text with <c>\\</c>, <c>\"</c> and <c>\n</c> escaped.</summary>
    public static void AppendEscaped(StringBuilder text, string value, bool escapeQuotes = true)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                '"' when escapeQuotes => text.Append("\\\""),
                _ => text.Append(c),
            };
        }
    }

    /// <summary>Appends a metric name, quoted when it has characters an unquoted name may not.</summary>
    public static void AppendMetricName(StringBuilder text, string name)
    {
        if (NameSyntax.IsLegacyMetricName(name))
        {
            text.Append(name);
            return;
        }

        AppendQuoted(text, name);
    }

    /// <summary>
    /// Appends <c>{a="b",…}</c>. A <paramref name="leadingName"/> goes first inside the braces, the form newer
    /// Prometheus versions use for names that need quoting. Nothing is written for no labels and no name, unless
    /// <paramref name="braceEmpty"/> asks for <c>{}</c>, as exemplars must.
    /// </summary>
    public static void AppendLabels(StringBuilder text, LabelSet labels, string? leadingName, bool braceEmpty = false)
    {
        if (labels.Count == 0 && leadingName is null && !braceEmpty)
        {
            return;
        }

        text.Append('{');
        if (leadingName is not null)
        {
            AppendQuoted(text, leadingName);
        }

        var first = leadingName is null;
        foreach (var label in labels)
        {
            text.Append(first ? "" : ",");
            first = false;
            if (NameSyntax.IsLegacyLabelName(label.Name))
            {
                text.Append(label.Name);
            }
            else
            {
                AppendQuoted(text, label.Name);
            }

            text.Append("=\"");
            AppendEscaped(text, label.Value);
            text.Append('"');
        }

        text.Append('}');
    }

    /// <summary>Appends a value in the shortest form that reads back as the same double.</summary>
    public static void AppendNumber(StringBuilder text, double value)
    {
        Span<char> digits = stackalloc char[32];
        text.Append(digits[..ExpositionNumber.Format(value, digits)]);
    }

    private static void AppendQuoted(StringBuilder text, string name)
    {
        text.Append('"');
        AppendEscaped(text, name);
        text.Append('"');
    }
}
