using System.Globalization;
using System.Text;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// vLLM's prefix-cache counters through a real Prometheus, read by the Prometheus source as each pod's hit ratio over
/// the rate window: under the current names, under the deprecated gpu_ names only (and reported as older), under both
/// (the current ones win), absent (no ratio), standing still (nothing asked: no ratio, not zero) and, where a later
/// release counts the prompt tokens found cached anywhere, from that counter over the prompt counter; and SGLang's cached
/// prompt tokens over its prompt tokens. The stand-in pods' pages are written here from the names in vLLM's
/// vllm/v1/metrics/loggers.py and SGLang's python/sglang/srt/metrics/collector.py; no captured page has these counters.
/// </summary>
public sealed class PrefixCacheThroughPrometheusTests
{
    [Fact]
    public async Task Each_pods_hit_ratio_is_read_from_the_first_generation_of_names_it_serves()
    {
        await using var current = await FakeExporter.StartAsync(s => Page(s, null, ("vllm:prefix_cache", 1000, 400)));
        await using var deprecated = await FakeExporter.StartAsync(s => Page(s, null, ("vllm:gpu_prefix_cache", 2000, 500)));
        await using var both = await FakeExporter.StartAsync(s => Page(s, null, ("vllm:prefix_cache", 1000, 600), ("vllm:gpu_prefix_cache", 1000, 100)));
        await using var none = await FakeExporter.StartAsync(s => Page(s, null));
        await using var idle = await FakeExporter.StartAsync(s => Page(s, null, ("vllm:prefix_cache", 0, 0)));
        // A later release: 700 of every 1,000 prompt tokens found cached, 400 of them in the GPU prefix cache.
        await using var cached = await FakeExporter.StartAsync(s => Page(s, 700, ("vllm:prefix_cache", 1000, 400)));
        await using var prometheus = await ScrapingAsync(("current", current), ("deprecated", deprecated), ("both", both), ("none", none), ("idle", idle), ("cached", cached));
        var source = SourceOf(prometheus);

        await Poll.UntilAsync(async () =>
        {
            var pods = (await source.ObserveAsync(Workload, CancellationToken.None)).Pods.ToDictionary(p => p.Name);
            Assert.Equal(0.4, Ratio(pods["current"]), 6);
            Assert.Empty(pods["current"].OlderNames);
            Assert.Equal(0.25, Ratio(pods["deprecated"]), 6);
            Assert.Equal(["vllm:gpu_prefix_cache_queries_total", "vllm:gpu_prefix_cache_hits_total"], pods["deprecated"].OlderNames);
            Assert.Equal(0.6, Ratio(pods["both"]), 6);
            Assert.Empty(pods["both"].OlderNames);
            Assert.Null(pods["none"].Engine.PrefixCacheHitRatio);
            Assert.NotNull(pods["none"].Engine.PromptTokensPerSecond);
            Assert.Null(pods["idle"].Engine.PrefixCacheHitRatio);
            Assert.NotNull(pods["idle"].Engine.PromptTokensPerSecond);
            Assert.Equal(0.7, Ratio(pods["cached"]), 6);
            Assert.Empty(pods["cached"].OlderNames);
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_sglang_pods_ratio_is_its_cached_tokens_over_its_prompt_tokens_and_none_before_its_first_hit()
    {
        // SGLang counts both as requests finish: every prompt token, and those its cache answered by cache_source.
        await using var cached = await FakeExporter.StartAsync(s => SglangPage(s, hits: true));
        await using var cold = await FakeExporter.StartAsync(s => SglangPage(s, hits: false));
        await using var prometheus = await ScrapingAsync(("cached", cached), ("cold", cold));
        var source = SourceOf(prometheus);

        await Poll.UntilAsync(async () =>
        {
            var pods = (await source.ObserveAsync(Workload with { Engine = EngineKind.Sglang }, CancellationToken.None)).Pods.ToDictionary(p => p.Name);
            Assert.Equal(0.4, Ratio(pods["cached"]), 6);
            Assert.Null(pods["cold"].Engine.PrefixCacheHitRatio);
            Assert.NotNull(pods["cold"].Engine.PromptTokensPerSecond);
        }, TimeSpan.FromSeconds(60));
    }

    // An SGLang pod's counters after `seconds`, as its collector writes them: prompt tokens at 1,000/s and, with hits,
    // 300/s answered on the GPU and 100/s from host memory; without, the cached-tokens family's header and no series.
    private static string SglangPage(double seconds, bool hits)
    {
        var at = " " + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var page = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"# TYPE sglang:prompt_tokens_total counter\nsglang:prompt_tokens_total{{model_name=\"m\"}} {1000 * seconds:R}{at}\n# TYPE sglang:cached_tokens_total counter\n");
        if (hits)
        {
            page.Append(CultureInfo.InvariantCulture, $"sglang:cached_tokens_total{{cache_source=\"device\",model_name=\"m\"}} {300 * seconds:R}{at}\n");
            page.Append(CultureInfo.InvariantCulture, $"sglang:cached_tokens_total{{cache_source=\"host\",model_name=\"m\"}} {100 * seconds:R}{at}\n");
        }
        return page.ToString();
    }

    // A Prometheus of its own scraping each stand-in pod as job chat, labelled with its namespace and pod name.
    private static async Task<PrometheusServer> ScrapingAsync(params (string Pod, FakeExporter Exporter)[] pods)
    {
        var targets = string.Concat(pods.Select(p =>
            $"      - targets: [\"{p.Exporter.HostPort}\"]\n        labels: {{namespace: llm, pod: {p.Pod}}}\n"));
        var prometheus = new PrometheusServer("  - job_name: chat\n    static_configs:\n" + targets);
        await prometheus.StartAsync();
        return prometheus;
    }

    private static PrometheusSource SourceOf(PrometheusServer prometheus)
    {
        var options = prometheus.SourceOptions();
        return new PrometheusSource(new PrometheusClient(new HttpClient(), options, TimeProvider.System), options, TimeProvider.System);
    }

    private static double Ratio(PodReading pod) =>
        pod.Engine.PrefixCacheHitRatio ?? throw new Xunit.Sdk.XunitException($"{pod.Name}: no prefix cache hit ratio yet");

    private static readonly WorkloadSpec Workload = new()
    {
        Name = "chat",
        Namespace = "llm",
        Engine = EngineKind.Vllm,
        Selector = "app=chat",
        Source = SourceKind.Prometheus,
        SeriesLabels = new Dictionary<string, string> { ["job"] = "chat" },
    };

    // A vLLM pod's counters after `seconds`: prompt tokens at 1,000/s, those found cached at their rate where given (later
    // releases), and each prefix-cache pair at its rates, stamped with the time they were rendered, so that rates from
    // two samples are exact however late the page is rendered.
    private static string Page(double seconds, double? cachedPerSecond, params (string Family, double QueriesPerSecond, double HitsPerSecond)[] caches)
    {
        var at = " " + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var page = new StringBuilder();
        void Counter(string name, double value) => page.Append(CultureInfo.InvariantCulture,
            $"# TYPE {name} counter\n{name}{{engine=\"0\",model_name=\"m\"}} {value:R}{at}\n");
        Counter("vllm:prompt_tokens_total", 1000 * seconds);
        if (cachedPerSecond is { } cachedRate) Counter("vllm:prompt_tokens_cached_total", cachedRate * seconds);
        foreach (var (family, queries, hits) in caches)
        {
            // Counters that stand still start from a value, as an idle engine's do.
            Counter(family + "_queries_total", 500 + queries * seconds);
            Counter(family + "_hits_total", 100 + hits * seconds);
        }
        return page.ToString();
    }
}
