using System.Text;
using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Engines;

/// <summary>Readings off a parsed page through the vLLM preset: series summed, a series written twice refused.</summary>
public sealed class PageReaderTests
{
    private static readonly PageReader Reader = new(new VllmPreset());

    private static Sources.EngineReading Read(string page) =>
        Reader.Read(new ExpositionParser(new ParserOptions { Families = Reader.Families }).Parse(Encoding.UTF8.GetBytes(page), ExpositionFormat.PrometheusText));

    [Fact]
    public void Series_of_each_engine_are_summed_and_ratios_averaged()
    {
        var reading = Read("""
            vllm:num_requests_waiting{engine="0",model_name="m"} 2
            vllm:num_requests_waiting{engine="1",model_name="m"} 3
            vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.2
            vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.4

            """);

        Assert.Equal(5, reading.RequestsWaiting);
        Assert.Equal(0.3, reading.KvCacheUsage!.Value, 12);
    }

    // The attack: a pod repeats its series to look busier (or a broken exporter does it by mistake). Prometheus
    // refuses such a scrape; summing it would count the queue twice.
    [Fact]
    public void A_series_written_twice_makes_its_reading_unknown_and_leaves_the_others()
    {
        var reading = Read("""
            vllm:num_requests_waiting{engine="0",model_name="m"} 9
            vllm:num_requests_waiting{engine="1",model_name="m"} 9
            vllm:num_requests_waiting{engine="0",model_name="m"} 9
            vllm:num_requests_running{engine="0",model_name="m"} 4

            """);

        Assert.Null(reading.RequestsWaiting);
        Assert.Equal(4, reading.RequestsRunning);
    }

    [Theory]
    [InlineData(12, false, 66.0)]
    [InlineData(12, true, null)]
    public void Many_series_are_summed_and_a_late_repeat_among_them_is_still_caught(int engines, bool repeat, double? expected)
    {
        var page = new StringBuilder();
        for (var e = 0; e < engines; e++) page.Append($"vllm:num_requests_waiting{{engine=\"{e}\",model_name=\"m\"}} {e}\n");
        if (repeat) page.Append("vllm:num_requests_waiting{engine=\"3\",model_name=\"m\"} 3\n");

        Assert.Equal(expected, Read(page.ToString()).RequestsWaiting);
    }

    [Fact]
    public void A_page_with_only_an_older_name_is_read_from_it_and_the_name_is_reported()
    {
        var parser = new ExpositionParser(new ParserOptions { Families = Reader.Families });
        const string v0 = "vllm:num_requests_waiting{model_name=\"m\"} 1\nvllm:gpu_cache_usage_perc{model_name=\"m\"} 0.5\n";
        const string v1 = "vllm:num_requests_waiting{engine=\"0\",model_name=\"m\"} 1\nvllm:kv_cache_usage_perc{engine=\"0\",model_name=\"m\"} 0.5\n";

        var old = Reader.Read(parser.Parse(Encoding.UTF8.GetBytes(v0), ExpositionFormat.PrometheusText), out var olderNames);
        var current = Reader.Read(parser.Parse(Encoding.UTF8.GetBytes(v1), ExpositionFormat.PrometheusText), out var none);

        Assert.Equal(0.5, old.KvCacheUsage);
        Assert.Equal(["vllm:gpu_cache_usage_perc"], olderNames);
        Assert.Equal(0.5, current.KvCacheUsage);
        Assert.Empty(none);
    }
}
