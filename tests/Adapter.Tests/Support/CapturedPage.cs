using System.Globalization;
using System.Text;

namespace Headroom.Adapter.Tests.Support;

/// <summary>
/// A page captured from a real engine (tests/fixtures/engines), served by a <see cref="FakeExporter"/> as that engine
/// would serve it over time: the named counters go on from their captured value at known rates, every other line stays
/// as captured.
/// </summary>
public static class CapturedPage
{
    /// <summary>The page's text.</summary>
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "engines", name + ".txt"));

    /// <summary>
    /// The page at each scrape, with each sample named in <paramref name="ratePerSecond"/> advanced by that rate. The
    /// advanced samples carry the time they were rendered at, so that Prometheus stamps them with it rather than with its
    /// scrape start, and rates read from two samples are exact however late a loaded machine renders the page.
    /// </summary>
    public static Func<double, string> Advancing(string name, IReadOnlyDictionary<string, double>? ratePerSecond = null)
    {
        var lines = Text(name).Split('\n');
        var rates = ratePerSecond ?? new Dictionary<string, double>();
        return seconds =>
        {
            var page = new StringBuilder();
            foreach (var line in lines)
            {
                var rate = rates.FirstOrDefault(r => line.StartsWith(r.Key + "{", StringComparison.Ordinal) || line.StartsWith(r.Key + " ", StringComparison.Ordinal));
                var space = line.LastIndexOf(' ');
                if (rate.Key is null || space < 0)
                {
                    page.Append(line).Append('\n');
                    continue;
                }
                var captured = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
                page.Append(line.AsSpan(0, space + 1)).Append((captured + rate.Value * seconds).ToString("R", CultureInfo.InvariantCulture))
                    .Append(' ').Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            return page.ToString();
        };
    }
}
