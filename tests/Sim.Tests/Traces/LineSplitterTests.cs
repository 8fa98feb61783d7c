using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

public sealed class LineSplitterTests
{
    private static List<string> Split(string text)
    {
        var splitter = new LineSplitter(new StringReader(text));
        var lines = new List<string>();
        while (splitter.TryRead(out var line)) lines.Add(line.ToString());
        return lines;
    }

    private static List<string> ReadLines(string text)
    {
        var reader = new StringReader(text);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\nb")]
    [InlineData("a\r\nb\r\n")]
    [InlineData("a\rb\r")]
    [InlineData("\n\n\r\n\r\rx")]
    [InlineData("a\n\r\nb\r\n\nc")]
    public void Splits_as_ReadLine_does(string text) => Assert.Equal(ReadLines(text), Split(text));

    [Fact]
    public void Lines_longer_than_the_buffer_and_breaks_across_refills_are_kept_whole()
    {
        var rows = Enumerable.Range(0, 3000).Select(i => i % 1000 == 7 ? new string('x', 70_000 + i) : $"2023-11-16 18:15:46.{i:D7},{i},{i % 13}").ToArray();
        // \r\n breaks land at every offset of the 64 Ki-character buffer somewhere in 3,000 rows of varying length.
        var text = string.Join("\r\n", rows) + "\r\n";

        Assert.Equal(rows, Split(text));
        Assert.Equal(ReadLines(text), Split(text));
    }

    [Fact]
    public void A_CRLF_split_by_a_refill_is_one_break()
    {
        // The \r is the last character of the first 64 Ki-character read, its \n the first of the next.
        var text = new string('x', (1 << 16) - 1) + "\r\nb\r\n\nc";

        Assert.Equal([new string('x', (1 << 16) - 1), "b", "", "c"], Split(text));
    }
}
