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
}
