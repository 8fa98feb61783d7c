using System.Text;
using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Tests.Engines;

/// <summary>
/// SGLang's prefix cache off a page: the prompt tokens its cache answered (<c>sglang:cached_tokens_total</c>, summed over
/// the newest releases' <c>cache_source</c> series) against every prompt token (<c>sglang:prompt_tokens_total</c>), both
/// counted as each request finishes. The pages are written here in the shape SGLang's collector writes them
/// (python/sglang/srt/metrics/collector.py): no captured page with the cached-tokens counter was found.
/// </summary>
public sealed class SglangPrefixCacheReadingTests
{
    private static readonly PageReader Reader = new(new SglangPreset());

    private static EngineReading Read(string page) =>
        Reader.Read(new ExpositionParser(new ParserOptions { Families = Reader.Families }).Parse(Encoding.UTF8.GetBytes(page), ExpositionFormat.PrometheusText));

    [Fact]
    public void Cached_tokens_by_source_are_the_hits_and_every_prompt_token_the_queries()
    {
        var reading = Read("""
            # HELP sglang:prompt_tokens_total Number of prefill tokens processed.
            # TYPE sglang:prompt_tokens_total counter
            sglang:prompt_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct"} 120000.0
            # HELP sglang:cached_tokens_total Number of cached prompt tokens by source (device/host/storage).
            # TYPE sglang:cached_tokens_total counter
            sglang:cached_tokens_total{cache_source="device",model_name="meta-llama/Llama-3.1-8B-Instruct"} 60000.0
            sglang:cached_tokens_total{cache_source="host",model_name="meta-llama/Llama-3.1-8B-Instruct"} 6000.0

            """);

        Assert.Equal((120000d, 120000d, 66000d), (reading.PromptTokensTotal, reading.PrefixCacheQueriesTotal, reading.PrefixCacheHitsTotal));
        Assert.Null(ReadingGuard.Problem(reading));
    }

    [Fact]
    public void Before_the_first_hit_there_is_no_ratio_rather_than_a_ratio_of_zero()
    {
        // prometheus_client writes a labelled counter's series only once a label set is used: a server whose cache has
        // answered nothing yet (or that runs with the radix cache off) has the family's header and no series.
        var reading = Read("""
            # TYPE sglang:prompt_tokens_total counter
            sglang:prompt_tokens_total{model_name="m"} 5000.0
            # HELP sglang:cached_tokens_total Number of cached prompt tokens.
            # TYPE sglang:cached_tokens_total counter

            """);

        Assert.Equal(5000, reading.PromptTokensTotal);
        Assert.Null(reading.PrefixCacheQueriesTotal);
        Assert.Null(reading.PrefixCacheHitsTotal);
    }
}
