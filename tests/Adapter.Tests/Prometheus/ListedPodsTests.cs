using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Tests.Support;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// source: prometheus with an API to list pods (<c>--lister-kubeconfig</c>): real Prometheus scrapes two fake vLLM pods,
/// the test plays the Kubernetes API's pod list and watch, and kubectl reads what the adapter serves. Cold start is
/// learned from the listed pods' timelines, and a pod the API no longer lists stops counting at once, though
/// Prometheus still has its series.
/// </summary>
public sealed class ListedPodsTests : IAsyncLifetime
{
    private const double WaitingA = 3, WaitingB = 5;
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-listed-it-").FullName;
    private readonly FakePodsApi _pods = new();
    private FakeExporter _a = null!, _b = null!, _dcgm = null!;
    private PrometheusServer _prometheus = null!;
    private RunningAdapter _adapter = null!;
    private Kubectl.Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _a = await FakeExporter.StartAsync(FakeExporter.Vllm(100, 500, WaitingA, 2, 0.5));
        _b = await FakeExporter.StartAsync(FakeExporter.Vllm(200, 700, WaitingB, 4, 0.5));
        _dcgm = await FakeExporter.StartAsync(FakeExporter.Dcgm("llm", new Dictionary<string, double> { ["chat-a"] = 50, ["chat-b"] = 50 }));
        _prometheus = new PrometheusServer(ScrapeConfigs.ChatPodsAndDcgm(_a, _b, _dcgm));
        await _prometheus.StartAsync();
        // Both pods took 125 s from creation to ready (FakePodsApi's timeline).
        _pods.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true));
        _pods.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: true));
        var lister = _pods.WriteKubeconfig(_directory);
        (_adapter, _kubectl, _) = await ConfiguredAdapter.StartAsync(_directory, $"""
            prometheus:
              url: {_prometheus.Url}
              timeout: 1s
              lookback: 5s
              rateWindow: 20s
            signals:
              interval: 1s
              staleAfter: 6s
              coldStartMinSamples: 2
            workloads:
              - name: chat
                namespace: llm
                engine: vllm
                selector: app=chat
                source: prometheus
                seriesLabels: {"{"}job: chat{"}"}
                coldStartPrior: 10m
            """, options => options with { ListerKubeconfig = lister });
    }

    [Fact]
    public async Task Cold_start_comes_from_the_pods_and_a_deleted_pod_leaves_at_once()
    {
        await Poll.UntilAsync(async () => Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_queue_depth", "chat"), WaitingA + WaitingB), TimeSpan.FromSeconds(30));
        Assert.Equal(125, await _kubectl.ExternalValueAsync("llm", "headroom_cold_start_seconds", "chat"));

        _pods.Delete("chat-b");
        var deleted = DateTime.UtcNow;
        await Poll.UntilAsync(async () => Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_queue_depth", "chat"), WaitingA), TimeSpan.FromSeconds(10));
        // Prometheus keeps scraping chat-b's exporter, so only the API can have taken it out: within a 1 s interval and a kubectl call.
        Assert.True(DateTime.UtcNow - deleted < TimeSpan.FromSeconds(2.5), $"took {(DateTime.UtcNow - deleted).TotalSeconds:F1} s");
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _prometheus.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _dcgm.DisposeAsync();
        await _pods.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
