using System.Globalization;
using System.Text;
using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Exposition;

namespace Headroom.Signals.Tests.Engines;

/// <summary>
/// vLLM's prefix-cache counters off a page: the prompt tokens found cached anywhere over all prompt tokens where the
/// engine counts them (later releases), else the GPU prefix cache's own counters, their deprecated <c>gpu_</c> names
/// last, and the two counters always of one pair, since only their ratio is used and early releases counted blocks.
/// </summary>
public sealed class PrefixCacheReadingTests
{
    private static readonly PageReader Reader = new(new VllmPreset());

    private static EngineReading Read(string page, out IReadOnlyList<string> olderNames) =>
        Reader.Read(new ExpositionParser(new ParserOptions { Families = Reader.Families }).Parse(Encoding.UTF8.GetBytes(page), ExpositionFormat.PrometheusText), out olderNames);

    // The sum of a sample's values over its series, read off the text line by line.
    private static double Sum(string page, string sample) =>
        page.Split('\n').Where(l => l.StartsWith(sample + "{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [Fact]
    public void A_page_with_both_generations_is_read_from_the_current_names_summed_over_engines()
    {
        var page = VllmMetricsPage.Generate(ExpositionFormat.PrometheusText, engines: 3);

        var reading = Read(page, out var older);

        Assert.Equal(Sum(page, "vllm:prefix_cache_queries_total"), reading.PrefixCacheQueriesTotal);
        Assert.Equal(Sum(page, "vllm:prefix_cache_hits_total"), reading.PrefixCacheHitsTotal);
        Assert.NotEqual(Sum(page, "vllm:gpu_prefix_cache_queries_total"), reading.PrefixCacheQueriesTotal);
        Assert.Empty(older);
    }

    // A later release: the prompt tokens found cached (locally and, through a KV connector or CPU offloading,
    // outside the engine) beside the GPU prefix cache's counters, which miss what was loaded from outside.
    private const string WithCachedPromptTokens = """
        # TYPE vllm:prompt_tokens_total counter
        vllm:prompt_tokens_total{engine="0",model_name="m"} 10000.0
        # TYPE vllm:prompt_tokens_cached_total counter
        vllm:prompt_tokens_cached_total{engine="0",model_name="m"} 7000.0
        # TYPE vllm:prefix_cache_queries_total counter
        vllm:prefix_cache_queries_total{engine="0",model_name="m"} 10000.0
        # TYPE vllm:prefix_cache_hits_total counter
        vllm:prefix_cache_hits_total{engine="0",model_name="m"} 4000.0

        """;

    // Every vLLM page has the prompt counter; without its cached twin it pairs with nothing, and the GPU prefix cache's
    // pair is read.
    private const string WithoutCachedPromptTokens = """
        vllm:prompt_tokens_total{engine="0",model_name="m"} 10000.0
        vllm:prefix_cache_queries_total{engine="0",model_name="m"} 9000.0
        vllm:prefix_cache_hits_total{engine="0",model_name="m"} 3000.0

        """;

    [Theory]
    [InlineData(WithCachedPromptTokens, 10000, 7000)]
    [InlineData(WithoutCachedPromptTokens, 9000, 3000)]
    public void The_first_pair_a_page_has_whole_is_read_and_neither_current_pair_is_an_older_name(string page, double queries, double hits)
    {
        var reading = Read(page, out var older);

        Assert.Equal((queries, hits), (reading.PrefixCacheQueriesTotal, reading.PrefixCacheHitsTotal));
        Assert.Empty(older);
    }

    [Fact]
    public void A_page_with_only_the_deprecated_names_is_read_from_them_and_names_both()
    {
        var reading = Read("""
            # TYPE vllm:gpu_prefix_cache_queries_total counter
            vllm:gpu_prefix_cache_queries_total{engine="0",model_name="m"} 4096.0
            # TYPE vllm:gpu_prefix_cache_hits_total counter
            vllm:gpu_prefix_cache_hits_total{engine="0",model_name="m"} 1024.0

            """, out var older);

        Assert.Equal((4096d, 1024d), (reading.PrefixCacheQueriesTotal, reading.PrefixCacheHitsTotal));
        Assert.Equal(["vllm:gpu_prefix_cache_queries_total", "vllm:gpu_prefix_cache_hits_total"], older);
    }

    [Fact]
    public void Counters_found_only_under_different_generations_are_not_paired()
    {
        var reading = Read("""
            vllm:prefix_cache_queries_total{engine="0",model_name="m"} 32.0
            vllm:gpu_prefix_cache_hits_total{engine="0",model_name="m"} 16.0

            """, out var older);

        Assert.Null(reading.PrefixCacheQueriesTotal);
        Assert.Null(reading.PrefixCacheHitsTotal);
        Assert.Empty(older);
    }

    [Fact]
    public void A_page_without_the_counters_has_no_prefix_cache_reading()
    {
        var reading = Read("""
            vllm:prompt_tokens_total{engine="0",model_name="m"} 8000.0
            vllm:num_requests_running{engine="0",model_name="m"} 3

            """, out _);

        Assert.Equal(8000, reading.PromptTokensTotal);
        Assert.Null(reading.PrefixCacheQueriesTotal);
        Assert.Null(reading.PrefixCacheHitsTotal);
    }
}
