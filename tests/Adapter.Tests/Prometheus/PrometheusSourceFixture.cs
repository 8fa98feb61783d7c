using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// Real Prometheus scraping two fake vLLM pods, a fake DCGM exporter and a fake Inference Extension endpoint
/// picker whose counters advance at known rates, and the adapter configured to read them through Prometheus,
/// reached with kubectl.
/// </summary>
public sealed class PrometheusSourceFixture : IAsyncLifetime
{
    public const double ChatA = 120, ChatB = 380;           // generated tokens/s per pod
    public const double PromptA = 900, PromptB = 1100;      // prompt tokens/s per pod
    public const double WaitingA = 3, WaitingB = 5;
    public const double KvA = 0.4, KvB = 0.6;
    public const double UtilA = 70, UtilB = 90;             // percent, as DCGM reports it
    public static readonly double[] GatewayBands = [250, 350];  // requests held by flow control, per band of the pool
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(6);

    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-prom-it-").FullName;
    private FakeExporter _podA = null!, _podB = null!, _dcgm = null!, _gateway = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    public RunningAdapter Adapter { get; private set; } = null!;

    public Kubectl.Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _podA = await FakeExporter.StartAsync(FakeExporter.Vllm(ChatA, PromptA, WaitingA, 2, KvA));
        _podB = await FakeExporter.StartAsync(FakeExporter.Vllm(ChatB, PromptB, WaitingB, 4, KvB));
        _dcgm = await FakeExporter.StartAsync(FakeExporter.Dcgm("llm", new Dictionary<string, double> { ["chat-a"] = UtilA, ["chat-b"] = UtilB }));
        _gateway = await FakeExporter.StartAsync(FakeExporter.Gateway("chat-pool", GatewayBands, otherPoolQueue: 1000));
        Prometheus = new PrometheusServer(ScrapeConfigs.ChatPodsAndDcgm(_podA, _podB, _dcgm) + $"""
              - job_name: epp
                static_configs:
                  - targets: ["{_gateway.HostPort}"]
                    labels: {"{"}namespace: llm, pod: chat-epp-x{"}"}
            """);
        await Prometheus.StartAsync();

        (Adapter, Kubectl, _) = await ConfiguredAdapter.StartAsync(_directory, $"""
            prometheus:
              url: {Prometheus.Url}
              timeout: 1s
              lookback: 5s
              rateWindow: 20s
            signals:
              interval: 1s
              staleAfter: {(int)StaleAfter.TotalSeconds}s
            workloads:
              - name: chat
                namespace: llm
                engine: vllm
                selector: app=chat
                source: prometheus
                seriesLabels: {"{"}job: chat{"}"}
                tokensPerSecondPerReplica: 2000
                prefillTokensPerSecondPerReplica: 20000
                kvCacheTokensPerReplica: 12000
                gatewayPool: chat-pool
            """);
    }

    public async Task DisposeAsync()
    {
        await Adapter.DisposeAsync();
        await Prometheus.DisposeAsync();
        await _podA.DisposeAsync();
        await _podB.DisposeAsync();
        await _dcgm.DisposeAsync();
        await _gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
