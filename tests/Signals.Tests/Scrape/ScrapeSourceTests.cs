using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Headroom.Signals.Configuration;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Scrape;

/// <summary>
/// The scrape source against the stand-in pod API, with pages answered from memory by host and port: engine pages
/// on port 8000, DCGM exporter pages on port 9400.
/// </summary>
public sealed class ScrapeSourceTests : IAsyncDisposable
{
    private static readonly DcgmScrapeOptions Dcgm = new("gpu-operator", "app=dcgm-exporter");
    private readonly FakePodsApi _api = new();
    private readonly Pages _pages = new();
    private readonly ManualTimeProvider _time = new();

    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Source = SourceKind.Scrape };

    [Fact]
    public async Task A_custom_engine_is_read_by_the_metric_names_in_its_config()
    {
        _api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "127.0.0.2"));
        _pages["127.0.0.2:8000"] = """
            # TYPE llm_generated_tokens_total counter
            llm_generated_tokens_total{worker="0"} 1000
            llm_generated_tokens_total{worker="1"} 500
            # TYPE llm_queue_length gauge
            llm_queue_length 7
            # TYPE llm_kv_percent gauge
            llm_kv_percent{worker="0"} 40
            llm_kv_percent{worker="1"} 60
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting 99

            """;
        var custom = Chat with
        {
            Engine = EngineKind.Custom,
            Dcgm = false,
            CustomMetrics = new CustomMetrics("llm_generated_tokens_total", "llm_queue_length", KvCache: "llm_kv_percent", KvCacheScale: 0.01),
        };
        await using var source = Source(dcgm: null);

        var pod = Assert.Single((await ObserveWhenListedAsync(source, custom)).Pods);

        Assert.Equal(new EngineReading(1500, null, 7, null, 0.5, null), pod.Engine);
    }

    [Fact]
    public async Task Gpu_duty_cycle_comes_from_the_dcgm_exporters_joined_by_namespace_and_pod_one_sweep_per_cycle()
    {
        _api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "127.0.0.2"));
        _api.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: true, ip: "127.0.0.3"));
        _api.Upsert(FakePodsApi.Pod("chat-c", "chat", ready: true, ip: "127.0.0.4"));
        _api.Upsert(FakePodsApi.Pod("embed-a", "embed", ready: true, ip: "127.0.0.5"));
        _api.Upsert(FakePodsApi.Pod("dcgm-node-1", "dcgm-exporter", ready: true, ip: "127.0.1.1"));
        _api.Upsert(FakePodsApi.Pod("dcgm-node-2", "dcgm-exporter", ready: true, ip: "127.0.1.2"));
        _api.Upsert(FakePodsApi.Pod("dcgm-node-3", "dcgm-exporter", ready: true, ip: "127.0.1.3"));
        foreach (var ip in new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" }) _pages[$"{ip}:8000"] = VllmPage;
        // Node 1: chat-a on two GPUs, with the profiling metric, which wins over the utilisation percentage; a pod of
        // the same name in another namespace must not be joined.
        _pages["127.0.1.1:9400"] = """
            # TYPE DCGM_FI_DEV_GPU_UTIL gauge
            DCGM_FI_DEV_GPU_UTIL{gpu="0",namespace="llm",pod="chat-a"} 99
            DCGM_FI_DEV_GPU_UTIL{gpu="1",namespace="llm",pod="chat-a"} 99
            DCGM_FI_DEV_GPU_UTIL{gpu="2",namespace="other",pod="chat-b"} 10
            DCGM_FI_DEV_GPU_UTIL{gpu="3",namespace="llm",pod="embed-a"} 30
            # TYPE DCGM_FI_PROF_GR_ENGINE_ACTIVE gauge
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="0",namespace="llm",pod="chat-a"} 0.5
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1",namespace="llm",pod="chat-a"} 0.7

            """;
        // Node 2: an older GPU without profiling metrics, in percent.
        _pages["127.0.1.2:9400"] = """
            # TYPE DCGM_FI_DEV_GPU_UTIL gauge
            DCGM_FI_DEV_GPU_UTIL{gpu="0",namespace="llm",pod="chat-b",container="vllm"} 80

            """;
        // Node 3's exporter fails: chat-c's duty cycle is unknown, not zero, and the others are unaffected.
        _pages.Fail("127.0.1.3:9400");
        var embed = Chat with { Name = "embed", Selector = "app=embed" };
        await using var source = Source(Dcgm);
        await ObserveWhenListedAsync(source, embed);
        await ObserveWhenListedAsync(source, Chat);
        _time.Advance(TimeSpan.FromSeconds(2));
        var before = _pages.Requests("127.0.1.1:9400");

        var chat = await source.ObserveAsync(Chat, CancellationToken.None);
        var embedded = await source.ObserveAsync(embed, CancellationToken.None);

        var duty = chat.Pods.ToDictionary(p => p.Name, p => p.Engine.GpuDutyCycle);
        Assert.Equal(0.6, duty["chat-a"]!.Value, 9);
        Assert.Equal(0.8, duty["chat-b"]!.Value, 9);
        Assert.Null(duty["chat-c"]);
        Assert.Equal(0.3, Assert.Single(embedded.Pods).Engine.GpuDutyCycle!.Value, 9);
        Assert.Equal(1, _pages.Requests("127.0.1.1:9400") - before);

        _time.Advance(TimeSpan.FromSeconds(2));
        await source.ObserveAsync(Chat, CancellationToken.None);
        Assert.Equal(2, _pages.Requests("127.0.1.1:9400") - before);
    }

    [Fact]
    public async Task A_workload_with_dcgm_off_never_reads_the_exporters()
    {
        _api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "127.0.0.2"));
        _api.Upsert(FakePodsApi.Pod("dcgm-node-1", "dcgm-exporter", ready: true, ip: "127.0.1.1"));
        _pages["127.0.0.2:8000"] = VllmPage;
        _pages["127.0.1.1:9400"] = "DCGM_FI_DEV_GPU_UTIL{namespace=\"llm\",pod=\"chat-a\"} 50\n";
        await using var source = Source(Dcgm);

        var pod = Assert.Single((await ObserveWhenListedAsync(source, Chat with { Dcgm = false })).Pods);

        Assert.Null(pod.Engine.GpuDutyCycle);
        Assert.Equal(2, pod.Engine.RequestsWaiting);
        Assert.Equal(0, _pages.Requests("127.0.1.1:9400"));
    }

    [Fact]
    public async Task Each_pod_reports_the_engine_version_of_its_image_and_the_names_it_served()
    {
        _api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "127.0.0.2", image: "docker.io/vllm/vllm-openai:v0.8.5"));
        _api.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: true, ip: "127.0.0.3", image: "vllm/vllm-openai:v0.10.1"));
        _api.Upsert(FakePodsApi.Pod("chat-c", "chat", ready: true, ip: "127.0.0.4", image: "vllm/vllm-openai:v0.10.1"));
        _api.Upsert(FakePodsApi.Pod("chat-d", "chat", ready: true, ip: "127.0.0.5",
            image: "vllm/vllm-openai@sha256:0f2a8e4e2ad4b1c3bd3b0a3c86e4c06bb1e2b8d1c27a1e8fb1d7a3a9a3b3c0d1"));
        _pages["127.0.0.2:8000"] = VllmPage + "# TYPE vllm:gpu_cache_usage_perc gauge\nvllm:gpu_cache_usage_perc{engine=\"0\"} 0.5\n";
        foreach (var ip in new[] { "127.0.0.3", "127.0.0.4", "127.0.0.5" }) _pages[$"{ip}:8000"] = VllmPage + "# TYPE vllm:kv_cache_usage_perc gauge\nvllm:kv_cache_usage_perc{engine=\"0\"} 0.5\n";
        await using var source = Source(dcgm: null);

        var pods = (await ObserveWhenListedAsync(source, Chat with { Dcgm = false })).Pods.ToDictionary(p => p.Name);

        Assert.Equal(["v0.8.5", "v0.10.1", "v0.10.1", "unknown"], new[] { "chat-a", "chat-b", "chat-c", "chat-d" }.Select(n => pods[n].EngineVersion));
        Assert.Equal(["vllm:gpu_cache_usage_perc"], pods["chat-a"].OlderNames);
        Assert.Equal(
            [new EngineVersionPods("v0.8.5", "older", 1), new EngineVersionPods("v0.10.1", "current", 2), new EngineVersionPods("unknown", "current", 1)],
            new EngineVersionCounts().Of([.. pods.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]));
    }

    private const string VllmPage = """
        # TYPE vllm:num_requests_waiting gauge
        vllm:num_requests_waiting{engine="0"} 2
        # TYPE vllm:generation_tokens_total counter
        vllm:generation_tokens_total{engine="0"} 10

        """;

    private ScrapeSource Source(DcgmScrapeOptions? dcgm) =>
        new(_api.Client(), new HttpClient(_pages), ScrapeOptions.Default with { Dcgm = dcgm }, TimeSpan.FromSeconds(2), _time,
            NullLogger<ScrapeSource>.Instance);

    // The first observation starts the workload's watcher; the exporters' watcher starts with the source. The clock
    // moves a cycle per attempt, so that a DCGM sweep made before the exporters were listed is not reused.
    private async Task<WorkloadObservation> ObserveWhenListedAsync(ScrapeSource source, WorkloadSpec workload)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                var observation = await source.ObserveAsync(workload, CancellationToken.None);
                if (!workload.Dcgm || observation.Pods.Any(p => p.Engine.GpuDutyCycle is not null) || DateTime.UtcNow > deadline) return observation;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
            }
            _time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    /// <summary>Metrics pages by host:port, counted; a failed one answers 500.</summary>
    private sealed class Pages : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, string?> _pages = new();
        private readonly ConcurrentDictionary<string, int> _requests = new();

        public string this[string hostPort] { set => _pages[hostPort] = value; }

        public void Fail(string hostPort) => _pages[hostPort] = null;

        public int Requests(string hostPort) => _requests.GetValueOrDefault(hostPort);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = $"{request.RequestUri!.Host}:{request.RequestUri.Port}";
            _requests.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (request.RequestUri.AbsolutePath != "/metrics" || !_pages.TryGetValue(key, out var page) || page is null)
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(page, Encoding.UTF8, "text/plain"),
            });
        }
    }
}
