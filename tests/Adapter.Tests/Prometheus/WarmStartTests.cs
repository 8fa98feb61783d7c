using System.Globalization;
using System.Text;
using System.Text.Json;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// A restart does not mean blindness: a real Prometheus holds six hours of a workload's token counter
/// (backfilled with promtool, as an operator would), and an adapter started on it forecasts from a fitted
/// model within seconds, where one without the warm start can only use the last value; so does a workload with
/// engine: custom, whose history is read through its own metric names.
/// </summary>
public sealed class WarmStartTests : IAsyncLifetime
{
    private const double Rate = 800;   // generated tokens/s, in the stored history and live
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-warm-start-").FullName;
    private FakeExporter _pod = null!;
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        // The loaded history ends at the start of the adapter's current 1-minute step. A pod that began counting inside
        // the step before would enter it as a partial window, which rate() reads low: start the pod, and so the adapter,
        // early in a minute.
        var now = DateTimeOffset.UtcNow;
        if (now.Second > 40) await Task.Delay(TimeSpan.FromSeconds(61 - now.Second));
        // Timestamped counters: irate() over 1 s scrapes would otherwise carry the scrape timing jitter of a loaded machine.
        _pod = await FakeExporter.StartAsync(FakeExporter.Vllm(Rate, 1000, 0, 2, 0.3, timestamped: true));
        _prometheus = new PrometheusServer($"""
              - job_name: chat
                static_configs:
                  - targets: ["{_pod.HostPort}"]
                    labels: {"{"}namespace: llm, pod: chat-a{"}"}
            """, retention: "2d");
        await _prometheus.BackfillAsync(History(DateTimeOffset.UtcNow));
        await _prometheus.StartAsync();
    }

    [Fact]
    public async Task An_adapter_started_on_stored_history_forecasts_from_a_fitted_model_at_once()
    {
        var started = DateTime.UtcNow;
        var (adapter, kubectl, _) = await ConfiguredAdapter.StartAsync(Subdirectory("warm"), Config(warmStart: true));
        await using (adapter)
        {
            JsonElement decision = default;
            await Poll.UntilAsync(async () =>
            {
                decision = await DecisionAsync(kubectl);
                Assert.NotEqual("last-value", decision.GetProperty("forecastModel").GetString());
            }, TimeSpan.FromSeconds(60));

            // Far less than the hour of live history a fit would otherwise need.
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60));
            Assert.Contains(decision.GetProperty("forecastModel").GetString(), new[] { "naive", "seasonal-naive", "ewma", "ewma-h", "holt" });
            // The p90 of a level near 800 tokens/s with ±5% noise.
            Assert.InRange(decision.GetProperty("forecastDemand").GetDouble(), Rate * 0.9, Rate * 1.25);
        }
    }

    [Fact]
    public async Task A_custom_engine_workload_warm_starts_from_its_own_metric_names()
    {
        var (adapter, kubectl, _) = await ConfiguredAdapter.StartAsync(Subdirectory("custom"), Config(warmStart: true, custom: true));
        await using (adapter)
        {
            JsonElement decision = default;
            await Poll.UntilAsync(async () =>
            {
                decision = await DecisionAsync(kubectl);
                Assert.NotEqual("last-value", decision.GetProperty("forecastModel").GetString());
            }, TimeSpan.FromSeconds(60));
            Assert.InRange(decision.GetProperty("forecastDemand").GetDouble(), Rate * 0.9, Rate * 1.25);
        }
    }

    [Fact]
    public async Task Without_the_warm_start_the_same_adapter_has_only_the_online_forecast()
    {
        var (adapter, kubectl, _) = await ConfiguredAdapter.StartAsync(Subdirectory("cold"), Config(warmStart: false));
        await using (adapter)
        {
            JsonElement decision = default;
            await Poll.UntilAsync(async () => decision = await DecisionAsync(kubectl), TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.Equal("last-value", (await DecisionAsync(kubectl)).GetProperty("forecastModel").GetString());
        }
    }

    private string Subdirectory(string name) => Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;

    private string Config(bool warmStart, bool custom = false) => $"""
        prometheus:
          url: {_prometheus.Url}
          timeout: 2s
          lookback: 5s
          rateWindow: 20s
        signals:
          interval: 1s
          staleAfter: 10s
        forecast:
          step: 1m
          minHistory: 1h
          warmStart: {(warmStart ? "true" : "false")}
        workloads:
          - name: chat
            namespace: llm
            engine: {(custom ? "custom" : "vllm")}
            selector: app=chat
            source: prometheus
            seriesLabels: {"{"}job: chat{"}"}
        {(custom ? "    metrics: {generationTokens: vllm:generation_tokens_total, waiting: vllm:num_requests_waiting}" : "")}
        """;

    private static async Task<JsonElement> DecisionAsync(Kubectl.Kubectl kubectl)
    {
        var workload = Assert.Single((await kubectl.GetRawAsync("/debug/workloads")).EnumerateArray());
        var decision = workload.GetProperty("decision");
        Assert.Equal(JsonValueKind.Object, decision.ValueKind);
        return decision;
    }

    // Six hours of a pod's generated-token counter, scraped every 15 s, ending on the minute two minutes ago (so that no
    // 1-minute step holds the end of its series partially): ±5% noise around the rate.
    private static string History(DateTimeOffset now)
    {
        var random = new Random(17);
        var text = new StringBuilder("# HELP vllm:generation_tokens Generated tokens.\n# TYPE vllm:generation_tokens counter\n");
        var end = now.ToUnixTimeSeconds() / 60 * 60 - 120;
        var counter = 0.0;
        for (var t = end - 6 * 3600; t <= end; t += 15)
        {
            counter += 15 * Rate * (0.95 + 0.1 * random.NextDouble());
            text.Append(CultureInfo.InvariantCulture, $"vllm:generation_tokens_total{{job=\"chat\",namespace=\"llm\",pod=\"chat-old\"}} {counter:F0} {t}\n");
        }
        return text.Append("# EOF\n").ToString();
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _pod.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
