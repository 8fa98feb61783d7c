using System.Globalization;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// The endpoint picker's flow-control queue under each of its names, through a real Prometheus: the picker of the
/// Gateway API Inference Extension (inference_extension_), llm-d's of May 2026 (llm_d_router_epp_), and llm-d's
/// since, which writes its current name (llm_d_epp_) and the deprecated one side by side with the same values. The stand-in pickers' pages are written here from the
/// names and labels in the pickers' sources (no captured flow-control page was found).
/// </summary>
public sealed class GatewayQueueNamesTests
{
    [Fact]
    public async Task The_flow_control_queue_is_read_under_either_name_and_counted_once_when_both_are_written()
    {
        await using var inferenceExtension = await FakeExporter.StartAsync(_ => Queue("inference_extension_flow_control_queue_size", "old-pool", 7, 5));
        await using var llmdRouter = await FakeExporter.StartAsync(_ => Queue("llm_d_router_epp_flow_control_queue_size", "mid-pool", 3));
        await using var llmd = await FakeExporter.StartAsync(_ =>
            Queue("llm_d_epp_flow_control_queue_size", "new-pool", 30, 12) + Queue("inference_extension_flow_control_queue_size", "new-pool", 30, 12));
        await using var prometheus = new PrometheusServer($$"""
              - job_name: epp
                static_configs:
                  - targets: ["{{inferenceExtension.HostPort}}"]
                    labels: {namespace: llm, pod: epp-old}
                  - targets: ["{{llmdRouter.HostPort}}"]
                    labels: {namespace: llm, pod: epp-mid}
                  - targets: ["{{llmd.HostPort}}"]
                    labels: {namespace: llm, pod: epp-new}

            """);
        await prometheus.StartAsync();
        var options = prometheus.SourceOptions();
        var source = new PrometheusSource(new PrometheusClient(new HttpClient(), options, TimeProvider.System), options, TimeProvider.System);

        await Poll.UntilAsync(async () =>
        {
            // No engine series: the workloads are scaled to zero, and the picker's queue is all there is.
            Assert.Equal(12, (await source.ObserveAsync(Workload("old-pool"), CancellationToken.None)).GatewayQueue);
            Assert.Equal(3, (await source.ObserveAsync(Workload("mid-pool"), CancellationToken.None)).GatewayQueue);
            Assert.Equal(42, (await source.ObserveAsync(Workload("new-pool"), CancellationToken.None)).GatewayQueue);
        }, TimeSpan.FromSeconds(30));
    }

    private static string Queue(string family, string pool, params double[] bands) =>
        $"# TYPE {family} gauge\n" + string.Concat(bands.Select((q, band) => string.Create(CultureInfo.InvariantCulture,
            $"{family}{{fairness_id=\"tenant-{band}\",inference_pool=\"{pool}\",model_name=\"m\",priority=\"{band}\",target_model_name=\"m\"}} {q}\n")));

    private static WorkloadSpec Workload(string pool) => new()
    {
        Name = pool,
        Namespace = "llm",
        Engine = EngineKind.Vllm,
        Selector = "app=chat",
        Source = SourceKind.Prometheus,
        Dcgm = false,
        SeriesLabels = new Dictionary<string, string> { ["job"] = "chat" },
        GatewayPool = pool,
    };
}
