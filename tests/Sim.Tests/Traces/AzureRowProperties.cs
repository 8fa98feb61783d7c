using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

// The one-scan reading of plain Azure rows against the general rules (AzureRow, the reader's only path before).
public sealed class AzureRowProperties : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-azure-rows-").FullName;

    private static readonly string[] OddCounts = ["", " 12", "12 ", "+5", "-3", "1e3", "abc", "0", "007", "2147483647", "2147483648", "99999999999", "1_000"];

    // Rows as traces have them, with now and then an odd timestamp, count or column count.
    private static string Row(Random random)
    {
        var at = new DateTime(2023, 11, 16, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 2));
        var stamp = at.ToString(random.Next(6) switch
        {
            0 => "yyyy-MM-dd HH:mm:ss",
            1 => "yyyy-MM-dd HH:mm:ss.f",
            2 => "yyyy-MM-ddTHH:mm:ss",
            _ => "yyyy-MM-dd HH:mm:ss.fffffff",
        }, CultureInfo.InvariantCulture);
        if (random.Next(20) == 0) stamp = stamp.Replace(" ", "  ");
        string Count() => random.Next(6) == 0 ? OddCounts[random.Next(OddCounts.Length)] : random.Next(0, random.Next(2) == 0 ? 100 : 1_000_000_000).ToString(CultureInfo.InvariantCulture);
        var row = $"{stamp},{Count()},{Count()}";
        return random.Next(12) switch
        {
            0 => row + ",extra",
            1 => row + ",",
            2 => row[..row.LastIndexOf(',')],
            _ => row,
        };
    }

    [Property(MaxTest = 300)]
    public Property A_row_read_in_one_scan_reads_as_the_general_rules_read_it(int seed)
    {
        var random = new Random(seed);
        var wrong = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var row = Row(random);
            if (TraceReader.TryPlainAzureRow(row, out var fast) && !Equals(fast, General(row))) wrong.Add(row);
        }
        return (wrong.Count == 0).Label(string.Join(" | ", wrong));
    }

    [Fact]
    public void Plain_rows_take_the_one_scan_reading()
    {
        Assert.True(TraceReader.TryPlainAzureRow("2023-11-16 18:15:46.6805900,374,44", out var row));
        Assert.Equal(new TraceRequest(1700158546.68059, 374, 44), row with { ArrivalSeconds = Math.Round(row.ArrivalSeconds, 6) });
        Assert.False(TraceReader.TryPlainAzureRow("2023-11-16 18:15:46.6805900,+374,44", out _));
        Assert.False(TraceReader.TryPlainAzureRow("2023-11-16 18:15:46.6805900,374,44,1", out _));
        Assert.False(TraceReader.TryPlainAzureRow("2023-11-16 18:15:46.6805900,1234567890,44", out _));
    }

    // A whole file: the same requests, or the same error naming the same line, as reading each row by the general rules.
    [Property(MaxTest = 100)]
    public Property A_file_reads_as_its_rows_read_by_the_general_rules(int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(15) == 0 ? "" : Row(random)).ToArray();
        var path = Path.Combine(_directory, $"{(uint)seed}.csv");
        File.WriteAllLines(path, ["TIMESTAMP,ContextTokens,GeneratedTokens", .. rows]);

        var expected = new List<TraceRequest>();
        string? expectedError = null;
        for (var i = 0; i < rows.Length && expectedError is null; i++)
        {
            if (rows[i].Length == 0) continue;
            if (General(rows[i]) is TraceRequest r) expected.Add(r);
            else expectedError = $"{path}:{i + 2}: {General(rows[i])}";
        }
        if (expected.Count > 0) expected = [.. expected.Select(r => r with { ArrivalSeconds = r.ArrivalSeconds - expected[0].ArrivalSeconds })];

        var actual = new List<TraceRequest>();
        string? actualError = null;
        try
        {
            actual.AddRange(new TraceReader(path).Requests());
        }
        catch (TraceFormatException e)
        {
            actualError = e.Message;
        }
        return (actualError == expectedError && (expectedError is not null || expected.SequenceEqual(actual)))
            .Label($"expected {expectedError ?? $"{expected.Count} requests"}, read {actualError ?? $"{actual.Count} requests"}");
    }

    // The general reading of a row: its request, or the message of the error the reader reports for it.
    private static object General(string row)
    {
        try
        {
            return TraceReader.AzureRow(row);
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
