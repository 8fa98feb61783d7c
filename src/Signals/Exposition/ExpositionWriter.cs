using System.Text;

namespace Headroom.Signals.Exposition;

/// <summary>
/// Writes metric families as a page in either format: for round-trip tests and for simulated servers. Each sample is
/// written under its own name, so families should use the suffixes the target format expects. Types the Prometheus
/// text format lacks are written as <c>untyped</c>, and its pages carry no UNIT lines or exemplars.
/// </summary>
public static class ExpositionWriter
{
    /// <summary>Writes a parsed page's families.</summary>
    public static string Write(ParsedPage page, ExpositionFormat format) => Write(page.Families, format);

    /// <summary>Writes the families in order, ending an OpenMetrics page with <c># EOF</c>.</summary>
    public static string Write(IEnumerable<MetricFamily> families, ExpositionFormat format)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            AppendMetadata(text, family, format);
            foreach (var sample in family.Samples)
            {
                AppendSample(text, sample, format);
            }
        }

        if (format == ExpositionFormat.OpenMetrics)
        {
            text.Append("# EOF\n");
        }

        return text.ToString();
    }

    private static void AppendMetadata(StringBuilder text, MetricFamily family, ExpositionFormat format)
    {
        // The Python client, which vLLM uses, writes HELP before TYPE in 0.0.4; OpenMetrics recommends TYPE, UNIT, HELP.
        if (format == ExpositionFormat.PrometheusText)
        {
            AppendHelp(text, family, format);
        }

        AppendDescriptor(text, "TYPE", family.Name).Append(TypeKeywords.For(family.Type, format)).Append('\n');
        if (format == ExpositionFormat.OpenMetrics)
        {
            if (!string.IsNullOrEmpty(family.Unit))
            {
                AppendDescriptor(text, "UNIT", family.Name).Append(family.Unit).Append('\n');
            }

            AppendHelp(text, family, format);
        }
    }

    private static void AppendHelp(StringBuilder text, MetricFamily family, ExpositionFormat format)
    {
        if (family.Help is null)
        {
            return;
        }

        AppendDescriptor(text, "HELP", family.Name);
        PageText.AppendEscaped(text, family.Help, escapeQuotes: format == ExpositionFormat.OpenMetrics);
        text.Append('\n');
    }

    private static StringBuilder AppendDescriptor(StringBuilder text, string keyword, string name)
    {
        text.Append("# ").Append(keyword).Append(' ');
        PageText.AppendMetricName(text, name);
        return text.Append(' ');
    }

    private static void AppendSample(StringBuilder text, Sample sample, ExpositionFormat format)
    {
        if (NameSyntax.IsLegacyMetricName(sample.Name))
        {
            text.Append(sample.Name);
            PageText.AppendLabels(text, sample.Labels, leadingName: null);
        }
        else
        {
            PageText.AppendLabels(text, sample.Labels, leadingName: sample.Name);
        }

        text.Append(' ');
        PageText.AppendNumber(text, sample.Value);
        AppendTimestamp(text, sample.TimestampMs, format);
        if (format == ExpositionFormat.OpenMetrics && sample.Exemplar is { } exemplar)
        {
            text.Append(" # ");
            PageText.AppendLabels(text, exemplar.Labels, leadingName: null, braceEmpty: true);
            text.Append(' ');
            PageText.AppendNumber(text, exemplar.Value);
            AppendTimestamp(text, exemplar.TimestampMs, format);
        }

        text.Append('\n');
    }

    private static void AppendTimestamp(StringBuilder text, long? timestampMs, ExpositionFormat format)
    {
        if (timestampMs is not { } milliseconds)
        {
            return;
        }

        text.Append(' ');
        text.Append(format == ExpositionFormat.OpenMetrics ? ExpositionNumber.FormatSeconds(milliseconds) : milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
