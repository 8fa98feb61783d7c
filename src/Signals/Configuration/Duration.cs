using System.Globalization;

namespace Headroom.Signals.Configuration;

/// <summary>Parses durations as Kubernetes and Prometheus users write them: <c>500ms</c>, <c>30s</c>, <c>3m</c>, <c>1h30m</c>.</summary>
public static class Duration
{
    /// <summary>Parses a Go-style duration; null when it does not parse.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var span = text.AsSpan().Trim();
        if (span is "0") return TimeSpan.Zero;
        double total = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.')) digits++;
            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return null;
            span = span[digits..];
            var unit = 0;
            while (unit < span.Length && char.IsAsciiLetter(span[unit])) unit++;
            double? seconds = span[..unit] switch
            {
                "ms" => number / 1000,
                "s" => number,
                "m" => number * 60,
                "h" => number * 3600,
                "d" => number * 86400,
                _ => null,
            };
            if (seconds is null) return null;
            total += seconds.Value;
            span = span[unit..];
        }
        return TimeSpan.FromSeconds(total);
    }

    /// <summary>Formats a duration the way it is parsed, for messages and PromQL ranges.</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 != 0 ? $"{(long)value.TotalMilliseconds}ms" : $"{(long)value.TotalSeconds}s";
}
