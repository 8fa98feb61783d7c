using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;
using Headroom.Serving.Quantities;
using Headroom.Signals.Tests.Support;
using Headroom.Tests.Shared;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// Scrape mode end to end: the test plays the Kubernetes API for pod discovery, two fake vLLM pods on
/// their own loopback addresses serve counters at known rates, a fake DCGM exporter pod serves their GPU use, and
/// kubectl reads what the adapter serves.
/// </summary>
public sealed class ScrapeSourceTests : IAsyncLifetime
{
    private const double RateA = 150, RateB = 250;
    private const double UtilA = 70, UtilB = 90;     // percent, as DCGM reports it
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-scrape-it-").FullName;
    private readonly FakePodsApi _pods = new();
    private FakeExporter _a = null!, _b = null!, _dcgm = null!;
    private RunningAdapter _adapter = null!;
    private Kubectl.Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        _a = await FakeExporter.StartAsync(FakeExporter.Vllm(RateA, 1000, 2, 3, 0.25), $"127.0.0.2:{port}");
        _b = await FakeExporter.StartAsync(FakeExporter.Vllm(RateB, 2000, 4, 5, 0.75), $"127.0.0.3:{port}");
        _pods.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "127.0.0.2", image: "vllm/vllm-openai:v0.10.1"));
        _pods.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: true, ip: "127.0.0.3", image: "vllm/vllm-openai:v0.10.1"));
        _pods.Upsert(FakePodsApi.Pod("other-x", "other", ready: true, ip: "127.0.0.4"));
        var dcgmPort = FreePort.Next();
        _dcgm = await FakeExporter.StartAsync(FakeExporter.Dcgm("llm", new Dictionary<string, double> { ["chat-a"] = UtilA, ["chat-b"] = UtilB }), $"127.0.0.5:{dcgmPort}");
        _pods.Upsert(FakePodsApi.Pod("dcgm-exporter-node-a", "dcgm-exporter", ready: true, ip: "127.0.0.5"));

        var lister = _pods.WriteKubeconfig(_directory);
        (_adapter, _kubectl, _) = await ConfiguredAdapter.StartAsync(_directory, $"""
            signals:
              interval: 1s
              staleAfter: 5s
            scrape:
              port: {port}
              timeout: 2s
              dcgm:
                namespace: gpu-operator
                selector: app=dcgm-exporter
                port: {dcgmPort}
            workloads:
              - name: chat
                namespace: llm
                engine: vllm
                selector: app=chat
                source: scrape
            """, options => options with { ListerKubeconfig = lister });
    }

    [Fact]
    public async Task Scraped_signals_match_known_rates_and_an_unready_pod_leaves_within_one_interval()
    {
        await Poll.UntilAsync(async () => Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_token_throughput", "chat"), RateA + RateB), TimeSpan.FromSeconds(30));
        Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_queue_depth", "chat"), 6);
        Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_running_requests", "chat"), 8);
        Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_kv_cache_utilization", "chat"), 0.5);
        await Poll.UntilAsync(async () => Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_gpu_duty_cycle", "chat"), (UtilA + UtilB) / 200), TimeSpan.FromSeconds(10));
        var duty = await PerPod("headroom_gpu_duty_cycle");
        Poll.Within(duty["chat-a"], UtilA / 100);
        Poll.Within(duty["chat-b"], UtilB / 100);
        // A single pod's rate over one interval moves with the scrape's timing on a loaded machine; it settles within the bound.
        await Poll.UntilAsync(async () =>
        {
            var perPod = await PerPod("headroom_token_throughput");
            Assert.Equal(["chat-a", "chat-b"], perPod.Keys.Order());
            Poll.Within(perPod["chat-a"], RateA);
            Poll.Within(perPod["chat-b"], RateB);
        }, TimeSpan.FromSeconds(10));

        _pods.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: false, ip: "127.0.0.3"));
        var changed = DateTime.UtcNow;
        await Poll.UntilAsync(async () => Assert.Equal(["chat-a"], (await PerPod("headroom_queue_depth")).Keys), TimeSpan.FromSeconds(10));
        // One 1 s interval plus the time kubectl takes to ask.
        Assert.True(DateTime.UtcNow - changed < TimeSpan.FromSeconds(2.5), $"took {(DateTime.UtcNow - changed).TotalSeconds:F1} s");
        Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_queue_depth", "chat"), 2);
        Poll.Within(await _kubectl.ExternalValueAsync("llm", "headroom_gpu_duty_cycle", "chat"), UtilA / 100);
    }

    [Fact]
    public async Task The_engine_version_of_the_pods_images_is_in_debug_workloads_and_the_adapters_metrics()
    {
        await Poll.UntilAsync(async () =>
        {
            var workload = Assert.Single((await _kubectl.GetRawAsync("/debug/workloads")).EnumerateArray());
            Assert.Equal("vllm", workload.GetProperty("engine").GetString());
            var version = Assert.Single(workload.GetProperty("engineVersions").EnumerateArray());
            Assert.Equal(("v0.10.1", "current", 2), (version.GetProperty("version").GetString(), version.GetProperty("names").GetString(), version.GetProperty("pods").GetInt32()));
        }, TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(_adapter.MetricsUrl, "/metrics"));
        Assert.Contains("headroom_engine_version_pods{namespace=\"llm\",workload=\"chat\",engine=\"vllm\",version=\"v0.10.1\",names=\"current\"} 2", metrics);
    }

    private async Task<Dictionary<string, double>> PerPod(string metric)
    {
        var list = await _kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta1/namespaces/llm/pods/*/{metric}?labelSelector=app%3Dchat");
        return list.GetProperty("items").EnumerateArray().ToDictionary(
            i => i.GetProperty("describedObject").GetProperty("name").GetString()!,
            i => Quantity.Parse(i.GetProperty("value").GetString()!));
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _dcgm.DisposeAsync();
        await _pods.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
