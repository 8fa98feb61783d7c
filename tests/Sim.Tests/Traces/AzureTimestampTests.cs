using System.Globalization;
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
    public void Reads_what_DateTime_reads(string text)
    {
        var expected = DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;
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
    public void Leaves_anything_else_to_DateTime(string text) => Assert.Null(AzureTimestamp.TryTicks(text));

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
