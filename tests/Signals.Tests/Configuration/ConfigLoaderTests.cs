using Headroom.Signals.Catalog;
using Headroom.Signals.Configuration;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string Minimum = """
        prometheus:
          url: http://127.0.0.1:9090
        workloads:
          - name: chat              # the value of label workload=
            namespace: llm
            engine: vllm            # vllm | tgi | sglang | triton | custom
            selector: app=chat      # label selector of the workload's pods
            source: prometheus      # prometheus | scrape
            seriesLabels: {job: chat}   # Prometheus label matchers
            tokensPerSecondPerReplica: 2000   # capacity prior
        """;

    [Theory]
    [InlineData("leaderworkerset")]
    [InlineData("example.com/replica")]
    public void Group_by_is_leaderworkerset_or_a_label_key(string groupBy) =>
        Assert.Equal(groupBy, Assert.Single(ConfigLoader.Parse(Minimum.Replace("tokensPerSecondPerReplica: 2000", $"tokensPerSecondPerReplica: 2000\n    groupBy: {groupBy}")).Workloads).GroupBy);

    [Fact]
    public void The_documented_minimum_loads_as_written()
    {
        var config = ConfigLoader.Parse(Minimum);

        Assert.Equal(new Uri("http://127.0.0.1:9090"), config.Prometheus!.Url);
        var chat = Assert.Single(config.Workloads);
        Assert.Equal(("chat", "llm", EngineKind.Vllm, SourceKind.Prometheus, "app=chat", 2000.0),
            (chat.Name, chat.Namespace, chat.Engine, chat.Source, chat.Selector, chat.TokensPerSecondPerReplica));
        Assert.Equal("chat", chat.SeriesLabels["job"]);
        Assert.Equal("chat", chat.DeploymentName);
        Assert.Equal(TimeSpan.FromSeconds(2), config.Signals.Interval);
    }

    [Fact]
    public void Durations_and_sections_are_read()
    {
        var config = ConfigLoader.Parse(Minimum + "\n" + """
            signals:
              interval: 500ms
              staleAfter: 1m30s
              smoothingWindow: 0
              maxPodsPerWorkload: 50
              staleAfterBySignal: {headroom_cold_start_seconds: 10m}
            scrape:
              port: 8080
            """);

        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Signals.Interval);
        Assert.Equal(TimeSpan.FromSeconds(90), config.Signals.StaleAfter);
        Assert.Equal(TimeSpan.Zero, config.Signals.SmoothingWindow);
        Assert.Equal(50, config.Signals.MaxPodsPerWorkload);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Signals.StaleAfterFor(CatalogMetric.ColdStartSeconds));
        Assert.Equal(TimeSpan.FromSeconds(90), config.Signals.StaleAfterFor(CatalogMetric.TokenThroughput));
        Assert.Equal(8080, config.Scrape.Port);
    }

    [Fact]
    public void The_capacity_profile_and_the_objective_are_read_with_defaults_for_what_is_left_out()
    {
        var defaults = Assert.Single(ConfigLoader.Parse(Minimum).Workloads);
        Assert.Equal((20_000.0, 400_000.0, TimeSpan.FromSeconds(2), 0.99, TimeSpan.FromMinutes(5)),
            (defaults.PrefillTokensPerSecondPerReplica, defaults.KvCacheTokensPerReplica, defaults.TtftObjective, defaults.SloAttainment, defaults.ScaleDownStabilization));

        var chat = Assert.Single(ConfigLoader.Parse(Minimum.Replace("tokensPerSecondPerReplica: 2000   # capacity prior", """
            tokensPerSecondPerReplica: 6000
                prefillTokensPerSecondPerReplica: 24000
                kvCacheTokensPerReplica: 250000
                ttftObjective: 500ms
                sloAttainment: 0.995
                scaleDownStabilization: 0s
            """)).Workloads);
        Assert.Equal(new Headroom.Signals.Planning.ReplicaCapacity(24_000, 6_000, 250_000), chat.CapacityPrior);
        Assert.Equal(new Headroom.Signals.Planning.ServiceObjective(TimeSpan.FromMilliseconds(500), 0.995), chat.Objective);
        Assert.Equal(TimeSpan.Zero, chat.ScaleDownStabilization);
    }

    [Theory]
    [InlineData("engine: vllm", "engine: llama", "workloads[0].engine: \"llama\" is not one of vllm | tgi | sglang | triton | custom")]
    [InlineData("selector: app=chat", "selector: app in (chat", "workloads[0].selector:")]
    [InlineData("namespace: llm", "namespace: LLM_prod", "workloads[0].namespace: \"LLM_prod\" is not a valid namespace name")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: -5", "workloads[0].tokensPerSecondPerReplica: -5 must be positive")]
    [InlineData("url: http://127.0.0.1:9090", "url: ftp://prom", "prometheus.url: \"ftp://prom\" is not an http or https URL")]
    [InlineData("seriesLabels: {job: chat}", "seriesLabels: {\"job name\": chat}", "workloads[0].seriesLabels: \"job name\" is not a Prometheus label name")]
    [InlineData("url: http://127.0.0.1:9090", "url: http://127.0.0.1:9090\nsignals: {maxPodsPerWorkload: 0}", "signals.maxPodsPerWorkload: 0 must be at least 1")]
    [InlineData("url: http://127.0.0.1:9090", "url: http://127.0.0.1:9090\nsignals: {staleAfterBySignal: {headroom_tokens: 1m}}", "signals.staleAfterBySignal.headroom_tokens: not a served metric (one of headroom_token_throughput,")]
    [InlineData("url: http://127.0.0.1:9090", "url: http://127.0.0.1:9090\nsignals: {staleAfterBySignal: {headroom_queue_depth: soon}}", "signals.staleAfterBySignal.headroom_queue_depth: \"soon\" is not a duration")]
    [InlineData("url: http://127.0.0.1:9090", "url: http://127.0.0.1:9090\nsignals: {interval: 5s, staleAfterBySignal: {headroom_queue_depth: 2s}}", "signals.staleAfterBySignal.headroom_queue_depth: must be at least signals.interval")]
    [InlineData("source: prometheus", "source: scrape\n    coldStartPrior: soon", "workloads[0].coldStartPrior: \"soon\" is not a duration")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    prefillTokensPerSecondPerReplica: 0", "workloads[0].prefillTokensPerSecondPerReplica: 0 must be positive")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    kvCacheTokensPerReplica: -1", "workloads[0].kvCacheTokensPerReplica: -1 must be positive")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    sloAttainment: 99", "workloads[0].sloAttainment: 99 must be between 0 and 1")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    ttftObjective: 0s", "workloads[0].ttftObjective: \"0s\" must be more than zero")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    scaleDownStabilization: -1m", "workloads[0].scaleDownStabilization: \"-1m\" must not be negative")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    groupBy: replica index", "workloads[0].groupBy: \"replica index\" is neither leaderworkerset nor a label key")]
    [InlineData("tokensPerSecondPerReplica: 2000", "tokensPerSecondPerReplica: 2000\n    groupBy: replica=a", "workloads[0].groupBy: \"replica=a\" is neither leaderworkerset nor a label key")]
    public void A_bad_field_is_named_with_its_problem(string good, string bad, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Minimum.Replace(good, bad)));

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            workloads:
              - name: chat
              - namespace: llm
                source: scrape
            signals:
              staleAfter: 1s
              interval: 5s
            """));

        Assert.Contains("workloads[0].namespace: required", ex.Problems);
        Assert.Contains("workloads[1].name: required", ex.Problems);
        Assert.Contains(ex.Problems, p => p.StartsWith("workloads[1].selector: required with source: scrape", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("signals.staleAfter:", StringComparison.Ordinal));
        Assert.Contains("prometheus: required, because a workload has source: prometheus", ex.Problems);
    }

    [Fact]
    public void Unknown_fields_and_bad_yaml_name_the_line()
    {
        var unknown = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Minimum.Replace("engine: vllm", "engin: vllm")));
        Assert.Contains("line 6", Assert.Single(unknown.Problems));
        Assert.Contains("engin", unknown.Problems[0]);

        var broken = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("workloads: [a, b"));
        Assert.StartsWith("config: line", Assert.Single(broken.Problems));
    }

    [Fact]
    public void Duplicate_workloads_and_an_empty_list_are_refused()
    {
        var twice = Minimum + "\n" + Minimum[Minimum.IndexOf("  - name", StringComparison.Ordinal)..];
        Assert.Contains(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(twice)).Problems,
            p => p == "workloads[1].name: workload llm/chat is defined twice");
        Assert.Contains("workloads: at least one workload is required",
            Assert.Throws<ConfigException>(() => ConfigLoader.Parse("prometheus: {url: http://p:9090}")).Problems);
    }
    [Fact]
    public void A_custom_engine_reads_the_metric_names_it_is_given()
    {
        var config = ConfigLoader.Parse(Minimum.Replace("engine: vllm", """
            engine: custom
                metrics:
                  generationTokens: llm_generated_tokens_total
                  waiting: llm_queue_length
                  promptTokens: llm_prompt_tokens_total
                  finished: llm_requests_finished_total
                  running: llm_batch_size
                  kvCache: llm_kv_cache_used_percent
                  kvCacheScale: 0.01
            """));

        var metrics = Assert.Single(config.Workloads).CustomMetrics!;
        Assert.Equal(new CustomMetrics("llm_generated_tokens_total", "llm_queue_length", "llm_prompt_tokens_total", "llm_batch_size",
            "llm_kv_cache_used_percent", 0.01, "llm_requests_finished_total"), metrics);
    }

    [Theory]
    [InlineData("engine: custom", "workloads[0].metrics: required with engine: custom")]
    [InlineData("engine: custom\n    metrics: {waiting: q}", "workloads[0].metrics.generationTokens: required with engine: custom")]
    [InlineData("engine: custom\n    metrics: {generationTokens: g_total}", "workloads[0].metrics.waiting: required with engine: custom")]
    [InlineData("engine: custom\n    metrics: {generationTokens: \"g or vector(1)\", waiting: q}", "workloads[0].metrics.generationTokens: \"g or vector(1)\" is not a metric name")]
    [InlineData("engine: custom\n    metrics: {generationTokens: g_total, waiting: q, kvCache: kv, kvCacheScale: 0}", "workloads[0].metrics.kvCacheScale: 0 must be positive")]
    [InlineData("engine: custom\n    metrics: {generationTokens: g_total, waiting: q, kvCacheScale: 0.01}", "workloads[0].metrics.kvCacheScale: set without metrics.kvCache")]
    [InlineData("engine: custom\n    metrics: {generationTokens: g_total, waiting: q, finished: done_total}", "workloads[0].metrics.finished: set without metrics.promptTokens")]
    [InlineData("engine: vllm\n    metrics: {generationTokens: g_total, waiting: q}", "workloads[0].metrics: only read with engine: custom")]
    public void Custom_metric_names_are_checked(string engine, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Minimum.Replace("engine: vllm", engine)));

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    private const string Scrape = """
        workloads:
          - name: chat
            namespace: llm
            selector: app=chat
            source: scrape
        """;

    [Fact]
    public void Scrape_mode_reads_gpu_duty_cycle_from_the_dcgm_exporter_pods_it_is_told_of()
    {
        var config = ConfigLoader.Parse(Scrape + "\n" + """
            scrape:
              dcgm:
                namespace: gpu-operator
                selector: app=nvidia-dcgm-exporter
            """);

        Assert.Equal(new DcgmScrapeOptions("gpu-operator", "app=nvidia-dcgm-exporter", 9400, "/metrics"), config.Scrape.Dcgm);
        Assert.True(config.Workloads[0].Dcgm);
    }

    [Theory]
    [InlineData("", "workloads[0].dcgm: source: scrape reads GPU duty cycle from the DCGM exporter pods that scrape.dcgm names")]
    [InlineData("scrape: {dcgm: {selector: app=dcgm}}", "scrape.dcgm.namespace: required")]
    [InlineData("scrape: {dcgm: {namespace: gpu-operator}}", "scrape.dcgm.selector: required")]
    [InlineData("scrape: {dcgm: {namespace: gpu-operator, selector: \"app in (dcgm\"}}", "scrape.dcgm.selector:")]
    [InlineData("scrape: {dcgm: {namespace: GPU, selector: app=dcgm}}", "scrape.dcgm.namespace: \"GPU\" is not a valid namespace name")]
    [InlineData("scrape: {dcgm: {namespace: gpu, selector: app=dcgm, port: 0}}", "scrape.dcgm.port: 0 is not a port")]
    [InlineData("scrape: {dcgm: {namespace: gpu, selector: app=dcgm, path: metrics}}", "scrape.dcgm.path: \"metrics\" must start with /")]
    public void Scrape_mode_dcgm_settings_are_checked(string section, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Scrape + "\n" + section));

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Scrape_mode_without_dcgm_or_with_a_gateway_pool_is_explicit()
    {
        Assert.False(ConfigLoader.Parse(Scrape + "\n    dcgm: false").Workloads[0].Dcgm);
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Scrape + "\n    dcgm: false\n    gatewayPool: chat-pool"));
        Assert.Contains(ex.Problems, p => p.StartsWith("workloads[0].gatewayPool: the gateway queue is read through Prometheus only", StringComparison.Ordinal));
    }
}
