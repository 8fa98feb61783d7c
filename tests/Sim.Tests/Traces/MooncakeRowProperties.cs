using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

// The one-scan reading of plain Mooncake rows against the JSON document reading (the reader's only path before).
public sealed class MooncakeRowProperties
{
    private static readonly string[] OddIds = ["1, , 2", "01, 2", "1, 02", "0, 2", " 1, 2", "1 ,2", "1,2", "1  2", "1, 2,", "1, 2 ", "1 2", "0", "1, 20, 300", "1,, 2", ", 1", "123456789012345678901234567890"];

    private static readonly string[] OddNumbers = ["0", "007", "-3", "1.5", "1e3", "2147483647", "2147483648", "99999999999", " 12", "\"12\"", ""];

    // Rows as Mooncake traces have them, with now and then an odd number, layout or ending.
    private static string Row(Random random)
    {
        string Number(int max) => random.Next(8) == 0 ? OddNumbers[random.Next(OddNumbers.Length)] : random.Next(0, max).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ids = random.Next(5) == 0 ? OddIds[random.Next(OddIds.Length)]
            : string.Join(", ", Enumerable.Range(random.Next(1000), random.Next(0, 60)).Select(i => random.Next(300) == 0 ? "x" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var row = $"{{\"timestamp\": {Number(int.MaxValue)}, \"input_length\": {Number(100_000)}, \"output_length\": {Number(2_000)}, \"hash_ids\": [{ids}]}}";
        return random.Next(12) switch
        {
            0 => row.Replace(", \"hash_ids\": [" + ids + "]", ""),
            1 => row.Replace(": ", ":"),
            2 => row + " ",
            3 => row[..^1],
            4 => row.Replace("[", "[,"),
            5 => row.Replace("input_length", "output_length"),
            _ => row,
        };
    }

    private static TraceRequest? Document(string row)
    {
        try
        {
            return TraceReader.MooncakeDocument(row);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    [Property(MaxTest = 300)]
    public Property A_row_read_in_one_scan_reads_as_the_JSON_reader_reads_it(int seed)
    {
        var random = new Random(seed);
        var wrong = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var row = Row(random);
            if (MooncakeRow.TryPlain(row, out var fast) && !Equals(fast, Document(row))) wrong.Add(row);
        }
        return (wrong.Count == 0).Label(string.Join(" | ", wrong));
    }

    [Fact]
    public void Plain_rows_take_the_one_scan_reading()
    {
        Assert.True(MooncakeRow.TryPlain("{\"timestamp\": 27482, \"input_length\": 6955, \"output_length\": 52, \"hash_ids\": [46, 47]}", out var row));
        Assert.Equal(new TraceRequest(27.482, 6955, 52, new PromptBlocks([46, 47], 512, 0)), row);
        Assert.True(MooncakeRow.TryPlain("{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 2}", out _));
        Assert.False(MooncakeRow.TryPlain("{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 2, \"hash_ids\": [1,, 2]}", out _));
        Assert.False(MooncakeRow.TryPlain("{\"timestamp\": 1.5, \"input_length\": 1, \"output_length\": 2}", out _));
        Assert.False(MooncakeRow.TryPlain("{\"input_length\": 1, \"timestamp\": 0, \"output_length\": 2}", out _));
    }
}
