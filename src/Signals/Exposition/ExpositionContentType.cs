namespace Headroom.Signals.Exposition;

/// <summary>Maps HTTP Content-Type values to exposition formats and back.</summary>
public static class ExpositionContentType
{
    /// <summary>The Content-Type of Prometheus text format 0.0.4.</summary>
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The Content-Type of OpenMetrics text 1.0.0.</summary>
    public const string OpenMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The format a server answered in; anything but OpenMetrics falls back to the Prometheus text format, as Prometheus does.</summary>
    public static ExpositionFormat Detect(string? contentType)
    {
        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        return mediaType.Trim().Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
    }

    /// <summary>The Content-Type to send with a page written in the format.</summary>
    public static string For(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetrics : PrometheusText;
}
