using Headroom.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

public sealed class TraceReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-traces-").FullName;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Every_format_is_detected_by_its_header_and_read_relative_to_the_first_request()
    {
        var azure = new TraceReader(Write("a.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n2023-11-16 18:17:05.4799600,100,20\n")).Requests()
            .Select(r => r with { ArrivalSeconds = Math.Round(r.ArrivalSeconds, 6) }).ToArray();
        Assert.Equal([new TraceRequest(0, 4808, 10), new TraceRequest(1.5, 100, 20)], azure);

        var burst = new TraceReader(Write("b.csv", "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,10,20,30,Conversation log\n7.5,GPT-4,1,2,3,API log\n")).Requests().ToArray();
        Assert.Equal([new TraceRequest(0, 10, 20), new TraceRequest(2.5, 1, 2)], burst);

        var mooncake = new TraceReader(Write("m.jsonl", "{\"timestamp\": 1000, \"input_length\": 7, \"output_length\": 3, \"hash_ids\": [1]}\n{\"timestamp\": 3500, \"input_length\": 8, \"output_length\": 4, \"hash_ids\": []}\n")).Requests().ToArray();
        Assert.Equal([new TraceRequest(0, 7, 3, new PromptBlocks([1], 512, 0)), new TraceRequest(2.5, 8, 4)], mooncake);

        var generic = new TraceReader(Write("g.csv", "timestamp,prompt_tokens,output_tokens\n10,1,2\n11,3,4\n")).Requests().ToArray();
        Assert.Equal([new TraceRequest(0, 1, 2), new TraceRequest(1, 3, 4)], generic);
    }

    [Fact]
    public void Csv_columns_are_found_by_name_so_releases_that_add_or_move_columns_read_the_same()
    {
        // Azure's multimodal release adds NumImages before the token columns; BurstGPT's later releases add session
        // columns after the timestamp; a generic trace may order its columns as it likes and carry others.
        var multimodal = new TraceReader(Write("mm.csv", "TIMESTAMP,NumImages,ContextTokens,GeneratedTokens\n2024-10-15 00:00:00.0000000,2,900,120\n2024-10-15 00:00:01.5000000,0,30,4\n"))
            .Requests().ToArray();
        Assert.Equal([new TraceRequest(0, 900, 120), new TraceRequest(1.5, 30, 4)], multimodal);
        var sessions = new TraceReader(Write("b8.csv", "Timestamp,Session ID,Elapsed time,Model,Request tokens,Response tokens,Total tokens,Log Type\n" +
            "0,1,2.3,GPT-4,100,50,150,Conversation log\n5,2,1.1,ChatGPT,200,0,200,API log\n")).Requests().ToArray();
        Assert.Equal([new TraceRequest(0, 100, 50), new TraceRequest(5, 200, 0)], sessions);
        var generic = new TraceReader(Write("g2.csv", "output_tokens,tenant,prompt_tokens,timestamp\n7,a,100,2.5\n8,b,200,4\n")).Requests().ToArray();
        Assert.Equal([new TraceRequest(0, 100, 7), new TraceRequest(1.5, 200, 8)], generic);
    }

    [Fact]
    public void Azure_timestamps_with_a_utc_offset_are_read_in_utc()
    {
        var rows = new TraceReader(Write("tz.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00.009930+00:00,2000,100\n" +
            "2024-05-10 02:00:00.509930+02:00,3000,50\n2024-05-10 00:00:01.109930Z,1000,10\n")).Requests()
            .Select(r => r with { ArrivalSeconds = Math.Round(r.ArrivalSeconds, 6) }).ToArray();
        Assert.Equal([new TraceRequest(0, 2000, 100), new TraceRequest(0.5, 3000, 50), new TraceRequest(1.1, 1000, 10)], rows);
    }

    [Fact]
    public void A_header_with_token_columns_but_no_time_names_what_is_missing()
    {
        var ex = Assert.Throws<TraceFormatException>(() => new TraceReader(Write("nt.csv", "ContextTokens,GeneratedTokens\n1,2\n")).Requests().ToArray());
        Assert.Contains("names contexttokens and generatedtokens but no timestamp column", ex.Message);
        var rows = Write("short.csv", "TIMESTAMP,NumImages,ContextTokens,GeneratedTokens\n2024-10-15 00:00:00,2,900\n");
        Assert.Contains("expected 4 columns, found 3", Assert.Throws<TraceFormatException>(() => new TraceReader(rows).Requests().ToArray()).Message);
    }

    [Fact]
    public void A_bad_row_names_its_line_or_is_skipped_and_counted()
    {
        var path = Write("bad.csv", "timestamp,prompt_tokens,output_tokens\n1,2,3\n2,lots,4\n3,4,5\n");

        var ex = Assert.Throws<TraceFormatException>(() => new TraceReader(path).Requests().ToArray());
        Assert.Equal(3, ex.Line);
        Assert.Contains("\"lots\" is not a token count", ex.Message);

        var skipping = new TraceReader(path, BadRowPolicy.Skip);
        Assert.Equal(2, skipping.Requests().Count());
        Assert.Equal(1, skipping.SkippedRows);
    }

    [Fact]
    public void Mooncake_block_ids_are_integers_up_to_64_bits_and_anything_else_names_its_line()
    {
        var hashes = new TraceReader(Write("h.jsonl", "{\"timestamp\": 0, \"input_length\": 7, \"output_length\": 3, \"hash_ids\": [18446744073709551615, 9223372036854775807]}\n"))
            .Requests().Single();
        Assert.Equal([-1, long.MaxValue], hashes.Blocks.Ids);
        var path = Write("bad.jsonl", "{\"timestamp\": 0, \"input_length\": 7, \"output_length\": 3, \"hash_ids\": [1]}\n{\"timestamp\": 5, \"input_length\": 7, \"output_length\": 3, \"hash_ids\": [1, \"b\"]}\n");
        var ex = Assert.Throws<TraceFormatException>(() => new TraceReader(path).Requests().ToArray());
        Assert.Equal(2, ex.Line);
        Assert.Contains("hash_ids[1] is not an integer", ex.Message);
    }

    [Fact]
    public void An_unknown_header_is_an_error_that_lists_the_formats()
    {
        var ex = Assert.Throws<TraceFormatException>(() => new TraceReader(Write("x.csv", "when,what\n1,2\n")).Requests().ToArray());
        Assert.Contains("unrecognised trace header", ex.Message);
        Assert.Contains("Mooncake", ex.Message);
    }

    [Fact]
    public void Demand_is_generated_tokens_per_second_per_step()
    {
        var series = DemandSeries.FromRequests([new(0, 5, 60), new(30, 5, 60), new(130, 1, 120), new(190, 1, 600)], TimeSpan.FromMinutes(1));

        // The minute from 180 s is cut off by the end of the trace at 190 s: not a measurement of its rate.
        Assert.Equal([2.0, 0.0, 2.0], series.Values);
    }

    [Fact]
    public void A_zero_rate_window_is_a_gap_not_a_quiet_period()
    {
        var path = Write("s_aggregate_rate.csv", "window_start_s,window_s,total_rate_rps,active_clients\n0,600,10,1\n600,600,0,0\n1200,600,20,1\n");

        var series = DemandSeries.FromAggregateRate(path);

        Assert.Equal(10, series.Values[0]);
        Assert.True(double.IsNaN(series.Values[1]));
        Assert.Equal("requests/s", series.Unit);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
