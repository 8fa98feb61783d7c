using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

public sealed class AppliedTraceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-applied-").FullName;
    private int _files;

    private TraceReader Trace(IEnumerable<(double At, int Prompt, int Output)> rows)
    {
        var path = Path.Combine(_directory, $"t{_files++}.csv");
        File.WriteAllLines(path, ["timestamp,prompt_tokens,output_tokens",
            .. rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.At:R},{r.Prompt},{r.Output}"))]);
        return new TraceReader(path);
    }

    private static List<TraceRequest> Read(TraceOptions options, TraceReader reader, long remembered = AppliedTrace.RememberedBytes)
    {
        using var trace = new AppliedTrace(options, reader, remembered);
        var requests = new List<TraceRequest>();
        while (trace.TryNext(out var r)) requests.Add(r);
        return requests;
    }

    [Fact]
    public void Copies_spread_over_the_gap_to_the_next_request_and_passes_follow_one_mean_gap_apart()
    {
        var reader = Trace([(10, 1, 2), (11, 3, 4), (13, 5, 6)]);

        var requests = Read(new TraceOptions(TimeScale: 0.5, RateScale: 2, Loop: 2), reader);

        // Gaps 1 and 2; the last request's copies spread over the mean gap, 1.5; the second pass starts at (3 + 1.5) × 0.5.
        Assert.Equal([0, 0.25, 0.5, 1, 1.5, 1.875, 2.25, 2.5, 2.75, 3.25, 3.75, 4.125], requests.Select(r => r.ArrivalSeconds));
        Assert.Equal([1, 1, 3, 3, 5, 5, 1, 1, 3, 3, 5, 5], requests.Select(r => r.PromptTokens));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_pass_skips_the_bad_rows_of_the_file_whether_read_from_memory_or_from_the_file(bool fits)
    {
        var remembered = fits ? AppliedTrace.RememberedBytes : AppliedTrace.Footprint(default);
        var path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "timestamp,prompt_tokens,output_tokens\n0,100,10\n1,lots,10\n2,100,10\n");
        var reader = new TraceReader(path, BadRowPolicy.Skip);

        var requests = Read(new TraceOptions(Loop: 3), reader, remembered);

        Assert.Equal(6, requests.Count);
        Assert.Equal(3, reader.SkippedRows);
    }

    [Fact]
    public void Each_copy_and_pass_is_other_users_whose_prompt_blocks_are_their_own()
    {
        var path = Path.Combine(_directory, "m.jsonl");
        File.WriteAllLines(path, ["{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 2, \"hash_ids\": [1, 2]}",
            "{\"timestamp\": 1000, \"input_length\": 900, \"output_length\": 2, \"hash_ids\": [1, 2, 3]}"]);

        var requests = Read(new TraceOptions(RateScale: 2, Loop: 2), new TraceReader(path));

        // Within a copy a conversation keeps its blocks; the first copy of the first pass is the trace's own ids.
        Assert.Equal([0, 1, 0, 1, 3, 4, 3, 4], requests.Select(r => r.Blocks.Salt));
        Assert.Equal(["1 2", "1 2", "1 2 3", "1 2 3", "1 2", "1 2", "1 2 3", "1 2 3"], requests.Select(r => string.Join(' ', r.Blocks.Ids)));
        Assert.Equal(4, requests.Select(r => r.Blocks.Key(0)).Distinct().Count());
    }

    [Fact]
    public void An_empty_trace_ends_after_its_first_pass()
    {
        Assert.Empty(Read(new TraceOptions(Loop: 3), Trace([])));
    }

    // The definition: the streaming iterator AppliedTrace replaced (a cursor, so the replay's loop reads no enumerator).
    private static IEnumerable<TraceRequest> Definition(TraceOptions o, TraceReader reader)
    {
        var random = new Random(o.Seed);
        var whole = Math.Floor(o.RateScale);
        var fraction = o.RateScale - whole;
        var offset = 0.0;
        TraceRequest At(TraceRequest r, double shift) => r with { ArrivalSeconds = offset + (r.ArrivalSeconds + shift) * o.TimeScale };
        int Copies() => (int)whole + (fraction > 0 && random.NextDouble() < fraction ? 1 : 0);
        for (var pass = 0; pass < o.Loop; pass++)
        {
            TraceRequest? previous = null;
            long count = 0;
            foreach (var r in reader.Requests())
            {
                if (previous is { } p)
                {
                    var copies = Copies();
                    for (var c = 0; c < copies; c++) yield return At(p, (r.ArrivalSeconds - p.ArrivalSeconds) * c / copies);
                }
                previous = r;
                count++;
            }
            if (previous is not { } last) yield break;
            var meanGap = count > 1 ? last.ArrivalSeconds / (count - 1) : 1;
            var lastCopies = Copies();
            for (var c = 0; c < lastCopies; c++) yield return At(last, meanGap * c / lastCopies);
            offset += (last.ArrivalSeconds + meanGap) * o.TimeScale;
        }
    }

    // Passes after the first are read from memory when the first fits, from the file again when it does not.
    [Property(MaxTest = 200)]
    public Property Reads_what_the_streaming_definition_yields(NonNegativeInt[] gapsMs, PositiveInt rateTenths, PositiveInt timeTenths, byte loop, int seed,
        bool small)
    {
        var at = 1000.0;
        var rows = gapsMs.Select((g, i) => (At: at += g.Get % 5000 / 1000.0, Prompt: i + 1, Output: i % 7 + 1)).ToArray();
        var options = new TraceOptions(TimeScale: timeTenths.Get % 40 / 10.0 + 0.1, RateScale: rateTenths.Get % 40 / 10.0 + 0.1, Loop: loop % 4 + 1, Seed: seed);
        var reader = Trace(rows);

        var expected = Definition(options, reader).ToList();
        var remembered = small ? rows.Length / 2 * AppliedTrace.Footprint(default) : AppliedTrace.RememberedBytes;
        var actual = Read(options, reader, remembered);

        return expected.SequenceEqual(actual).Label($"{options}, {remembered} remembered: expected {expected.Count} requests, read {actual.Count}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
