using System.Text;

namespace Headroom.Signals.Exposition;

/// <summary>The words a TYPE line uses in each format.</summary>
internal static class TypeKeywords
{
    /// <summary>
    /// The type a TYPE line names. OpenMetrics spells types in lowercase only; the Prometheus text format's reference
    /// parser upper-cases the word first, so any case is accepted there.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> word, ExpositionFormat format, out MetricType type)
    {
        if (format == ExpositionFormat.PrometheusText)
        {
            type = Ascii.EqualsIgnoreCase(word, "counter"u8) ? MetricType.Counter
                : Ascii.EqualsIgnoreCase(word, "gauge"u8) ? MetricType.Gauge
                : Ascii.EqualsIgnoreCase(word, "histogram"u8) ? MetricType.Histogram
                : Ascii.EqualsIgnoreCase(word, "summary"u8) ? MetricType.Summary
                : MetricType.Untyped;
            return type != MetricType.Untyped || Ascii.EqualsIgnoreCase(word, "untyped"u8);
        }

        type = word switch
        {
            _ when word.SequenceEqual("counter"u8) => MetricType.Counter,
            _ when word.SequenceEqual("gauge"u8) => MetricType.Gauge,
            _ when word.SequenceEqual("histogram"u8) => MetricType.Histogram,
            _ when word.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
            _ when word.SequenceEqual("summary"u8) => MetricType.Summary,
            _ when word.SequenceEqual("info"u8) => MetricType.Info,
            _ when word.SequenceEqual("stateset"u8) => MetricType.StateSet,
            _ => MetricType.Unknown,
        };
        return type != MetricType.Unknown || word.SequenceEqual("unknown"u8);
    }

    /// <summary>The word for a type; types a format lacks are written as its catch-all type.</summary>
    public static string For(MetricType type, ExpositionFormat format) => (type, format) switch
    {
        (MetricType.Counter, _) => "counter",
        (MetricType.Gauge, _) => "gauge",
        (MetricType.Histogram, _) => "histogram",
        (MetricType.Summary, _) => "summary",
        (_, ExpositionFormat.PrometheusText) => "untyped",
        (MetricType.GaugeHistogram, _) => "gaugehistogram",
        (MetricType.Info, _) => "info",
        (MetricType.StateSet, _) => "stateset",
        _ => "unknown",
    };
}
