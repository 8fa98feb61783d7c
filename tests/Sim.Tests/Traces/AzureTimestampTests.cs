using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

public sealed class AzureTimestampTests
{
    [Theory]
    [InlineData("2023-11-16 18:15:46.6805900")]
    [InlineData("2023-11-16 18:15:46")]
    [InlineData("2023-11-16 18:15:46.5")]
    [InlineData("2024-02-29 23:59:59.9999999")]
    [InlineData("2023-01-01 00:00:00.0000001")]
    [InlineData("2024-05-10 00:00:00.009930+00:00")]
    [InlineData("2024-05-10 00:00:00+02:00")]
    [InlineData("2024-05-10 23:59:59.5-07:30")]
    [InlineData("2024-05-10 00:00:00Z")]
    public void Reads_what_DateTime_reads(string text)
    {
        var expected = DateTime.ParseExact(text, Layouts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;
        Assert.Equal(expected, AzureTimestamp.TryTicks(text));
    }

    [Theory]
    [InlineData("2023-02-29 00:00:00")]
    [InlineData("2023-11-16 24:00:00")]
    [InlineData("2023-11-16T18:15:46")]
    [InlineData("2023-11-16 18:15:46.")]
    [InlineData("2023-11-16 18:15:46.12345678")]
    [InlineData("2023-11-16 18:1x:46")]
    [InlineData("2023-11-16")]
    [InlineData("2023-11-16 18:15:46+0200")]
    [InlineData("2023-11-16 18:15:46+14:30")]
    [InlineData("2023-11-16 18:15:46 UTC")]
    public void Leaves_anything_else_to_DateTime(string text) => Assert.Null(AzureTimestamp.TryTicks(text));

    private static readonly string[] Layouts = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK"];

    // Runs of timestamps as a trace has them (mostly the day before's, in order) with bad fields mixed in: every
    // one reads as DateTime reads it, or is left to DateTime (null) when not exactly the layout; whatever day was read before.
    [Property(MaxTest = 300)]
    public Property Reads_every_timestamp_of_the_layout_as_DateTime_does_and_no_other(int seed)
    {
        var random = new Random(seed);
        var (year, month, day) = (random.Next(2020, 2026), random.Next(1, 13), random.Next(1, 29));
        var mismatches = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            if (random.Next(8) == 0) (year, month, day) = (random.Next(0, 10_000), random.Next(0, 14), random.Next(0, 33));
            var text = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2} {random.Next(0, 26):D2}:{random.Next(0, 62):D2}:{random.Next(0, 62):D2}");
            var digits = random.Next(-1, 9);
            if (digits >= 0) text += "." + string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))));
            text += random.Next(6) switch
            {
                0 => "Z",
                1 => string.Create(CultureInfo.InvariantCulture, $"{"+-"[random.Next(2)]}{random.Next(0, 16):D2}:{random.Next(0, 62):D2}"),
                _ => "",
            };
            if (random.Next(10) == 0)
            {
                var at = random.Next(text.Length);
                text = text[..at] + "x:.- 9"[random.Next(6)] + text[(at + 1)..];
            }
            if (AzureTimestamp.TryTicks(text) != Definition(text)) mismatches.Add(text);
        }
        return (mismatches.Count == 0).Label(string.Join(" | ", mismatches));
    }

    private static long? Definition(string text) =>
        Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$")
        && DateTime.TryParseExact(text, Layouts, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.Ticks : null;

    [Fact]
    public void A_bad_azure_row_names_its_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 25:15:46,374,44\n");
            var e = Assert.Throws<TraceFormatException>(() => new TraceReader(path).Requests().ToList());
            Assert.Equal(3, e.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
