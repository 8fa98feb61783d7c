using FsCheck;
using FsCheck.Fluent;
using Headroom.Signals.Configuration;
using Headroom.Signals.Engines;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Prometheus;

public sealed class PromQlTests
{
    private static readonly PrometheusOptions Options = new(new Uri("http://p:9090"), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), "pod", "namespace");

    [Theory]
    [InlineData("chat", "\"chat\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("x\"} or vector(1) or {a=\"", "\"x\\\"} or vector(1) or {a=\\\"\"")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    public void Values_are_quoted_so_they_cannot_close_the_literal(string value, string expected) =>
        Assert.Equal(expected, PromQl.Quote(value));

    [Fact]
    public void Quoted_values_never_end_early()
    {
        // Walk the literal as PromQL's lexer does: it must end exactly at the last character.
        Prop.ForAll<string>(value =>
        {
            var quoted = PromQl.Quote(value ?? "");
            var i = 1;
            while (quoted[i] != '"') i += quoted[i] == '\\' ? 2 : 1;
            return i == quoted.Length - 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Names_that_could_change_a_query_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PromQl.Selector("up or vector(1)", []));
        Assert.Throws<ArgumentException>(() => PromQl.Selector("up", [new("job\"}", "x")]));
        Assert.True(PromQl.IsMetricName("vllm:num_requests_waiting"));
        Assert.False(PromQl.IsLabelName("vllm:engine"));
    }

    [Fact]
    public void Gauge_query_selects_the_workload_with_escaped_matchers_and_falls_back_per_pod()
    {
        var workload = new WorkloadSpec { Name = "chat", Namespace = "llm", SeriesLabels = new Dictionary<string, string> { ["job"] = "ch\"at" } };
        var query = new PrometheusQueries(Options, workload).Gauge(new VllmPreset().KvCacheUsage, ratio: true);

        Assert.Equal(
            "(avg by (pod) (last_over_time(vllm:kv_cache_usage_perc{job=\"ch\\\"at\",namespace=\"llm\"}[30s]))) or on (pod) " +
            "(label_replace(avg by (pod) (last_over_time(vllm:gpu_cache_usage_perc{job=\"ch\\\"at\",namespace=\"llm\"}[30s])), \"headroom_candidate\", \"1\", \"\", \"\"))",
            query);
    }

    [Fact]
    public void The_prefix_cache_hit_ratio_divides_rates_of_one_generation_of_names_per_pod()
    {
        var workload = new WorkloadSpec { Name = "chat", Namespace = "llm", SeriesLabels = new Dictionary<string, string> { ["job"] = "chat" } };
        var queries = new PrometheusQueries(Options, workload);
        var vllm = new VllmPreset();

        Assert.Equal(
            "(sum by (pod) (rate(vllm:prompt_tokens_cached_total{job=\"chat\",namespace=\"llm\"}[60s])) / " +
            "sum by (pod) (rate(vllm:prompt_tokens_total{job=\"chat\",namespace=\"llm\"}[60s]))) or on (pod) " +
            "(label_replace(sum by (pod) (rate(vllm:prefix_cache_hits_total{job=\"chat\",namespace=\"llm\"}[60s])) / " +
            "sum by (pod) (rate(vllm:prefix_cache_queries_total{job=\"chat\",namespace=\"llm\"}[60s])), \"headroom_candidate\", \"1\", \"\", \"\")) or on (pod) " +
            "(label_replace(sum by (pod) (rate(vllm:gpu_prefix_cache_hits_total{job=\"chat\",namespace=\"llm\"}[60s])) / " +
            "sum by (pod) (rate(vllm:gpu_prefix_cache_queries_total{job=\"chat\",namespace=\"llm\"}[60s])), \"headroom_candidate\", \"2\", \"\", \"\"))",
            queries.RatioOfRates(vllm.PrefixCacheHits, vllm.PrefixCacheQueries));
        var sglang = new SglangPreset();
        Assert.Equal(
            "(sum by (pod) (rate(sglang:cached_tokens_total{job=\"chat\",namespace=\"llm\"}[60s])) / " +
            "sum by (pod) (rate(sglang:prompt_tokens_total{job=\"chat\",namespace=\"llm\"}[60s])))",
            queries.RatioOfRates(sglang.PrefixCacheHits, sglang.PrefixCacheQueries));
        Assert.Null(queries.RatioOfRates(new TgiPreset().PrefixCacheHits, new TgiPreset().PrefixCacheQueries));
    }

    [Fact]
    public void Counter_query_is_a_rate_and_dcgm_percent_is_scaled_to_a_ratio()
    {
        var workload = new WorkloadSpec { Name = "chat", Namespace = "llm", SeriesLabels = new Dictionary<string, string> { ["job"] = "chat" } };
        var queries = new PrometheusQueries(Options, workload);

        Assert.Equal("(sum by (pod) (irate(vllm:generation_tokens_total{job=\"chat\",namespace=\"llm\"}[60s])))",
            queries.Rate(new VllmPreset().GenerationTokens));
        Assert.Equal(
            "(avg by (pod) (last_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE{namespace=\"llm\"}[30s]))) or on (pod) " +
            "(label_replace(avg by (pod) (last_over_time(DCGM_FI_DEV_GPU_UTIL{namespace=\"llm\"}[30s])), \"headroom_candidate\", \"1\", \"\", \"\") * 0.01)",
            queries.Gauge(DcgmPreset.GpuDutyCycle, ratio: true, workloadSeries: false));
        Assert.Null(queries.Gauge(new TgiPreset().KvCacheUsage, ratio: true));
    }
    [Fact]
    public void A_custom_engine_is_queried_by_the_names_its_config_gives()
    {
        var workload = new WorkloadSpec
        {
            Name = "chat",
            Namespace = "llm",
            Engine = EngineKind.Custom,
            SeriesLabels = new Dictionary<string, string> { ["job"] = "chat" },
            CustomMetrics = new CustomMetrics("llm_generated_tokens_total", "llm_queue_length", KvCache: "llm_kv_percent", KvCacheScale: 0.01),
        };
        var preset = EnginePresets.For(workload);
        var queries = new PrometheusQueries(Options, workload);

        Assert.Equal("(sum by (pod) (irate(llm_generated_tokens_total{job=\"chat\",namespace=\"llm\"}[60s])))", queries.Rate(preset.GenerationTokens));
        Assert.Equal("(sum by (pod) (last_over_time(llm_queue_length{job=\"chat\",namespace=\"llm\"}[30s])))", queries.Gauge(preset.RequestsWaiting, ratio: false));
        Assert.Equal("(avg by (pod) (last_over_time(llm_kv_percent{job=\"chat\",namespace=\"llm\"}[30s])) * 0.01)", queries.Gauge(preset.KvCacheUsage, ratio: true));
        Assert.Null(queries.Rate(preset.PromptTokens));
        Assert.Null(queries.Gauge(preset.RequestsRunning, ratio: false));
    }
}
