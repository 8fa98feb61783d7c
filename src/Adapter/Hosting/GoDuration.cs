using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Adapter.Hosting;

/// <summary>Parses durations as Go's time.ParseDuration does (<c>10s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>250ms</c>), because Kubernetes flags are spelled that way.</summary>
public static partial class GoDuration
{
    /// <summary>Whether the text is a Go duration; a bare <c>0</c> is one, as in Go.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text is "0" or "+0" or "-0") return true;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        var ticks = 0.0;
        for (var i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            var number = double.Parse(match.Groups["number"].Captures[i].Value, CultureInfo.InvariantCulture);
            ticks += number * TicksPer(match.Groups["unit"].Captures[i].Value);
        }
        if (ticks > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)Math.Round(match.Groups["sign"].Value == "-" ? -ticks : ticks));
        return true;
    }

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
