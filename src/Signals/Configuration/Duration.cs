using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Signals.Configuration;

/// <summary>
/// Durations as Go's time.ParseDuration reads them (<c>250ms</c>, <c>10s</c>, <c>1m30s</c>, <c>1.5h</c>),
/// because Kubernetes flags and Prometheus configs are spelled that way.
/// </summary>
public static partial class Duration
{
    /// <summary>Parses a Go duration; a bare <c>0</c> is one, as in Go. Null when it does not parse.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (text is null) return null;
        if (text is "0" or "+0" or "-0") return TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success) return null;
        var ticks = 0.0;
        for (var i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            var number = double.Parse(match.Groups["number"].Captures[i].Value, CultureInfo.InvariantCulture);
            ticks += number * TicksPer(match.Groups["unit"].Captures[i].Value);
        }
        if (ticks > TimeSpan.MaxValue.Ticks) return null;
        return TimeSpan.FromTicks((long)Math.Round(match.Groups["sign"].Value == "-" ? -ticks : ticks));
    }

    /// <summary>Formats a duration for messages and PromQL ranges, in whole milliseconds or seconds.</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 != 0 ? $"{(long)value.TotalMilliseconds}ms" : $"{(long)value.TotalSeconds}s";

    private static double TicksPer(string unit) => unit switch
    {
        "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
        "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        _ => TimeSpan.TicksPerHour,
    };

    [GeneratedRegex(@"^(?<sign>[-+]?)(?:(?<number>\d+(?:\.\d*)?|\.\d+)(?<unit>ns|us|µs|μs|ms|s|m|h))+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
