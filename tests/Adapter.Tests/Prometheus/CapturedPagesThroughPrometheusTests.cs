using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Prometheus;

/// <summary>
/// A real Prometheus scraping stand-in pods that serve the pages captured from real engines (tests/fixtures/engines),
/// their counters advancing at known rates, read by the Prometheus source: each pod's token rates, queue, running
/// requests, KV-cache use and GPU duty cycle are the values on its page (the rates within 2%), and a pod serving an
/// engine's older metric names is read from them and reported as such, without any configuration saying so.
/// </summary>
public sealed class CapturedPagesThroughPrometheusTests
{
    private const double Generation = 250, Prompt = 1000;  // tokens/s the stand-ins add to the captured counters
    private const double Finished = 4;  // requests/s the TGI stand-in adds to its finished count

    [Fact]
    public async Task Each_engine_page_is_read_at_its_rates_and_values_and_older_names_are_detected_per_pod()
    {
        var counters = (string generation, string prompt) => new Dictionary<string, double> { [generation] = Generation, [prompt] = Prompt };
        await using var vllmV1 = await FakeExporter.StartAsync(CapturedPage.Advancing("vllm/v1-design-doc", counters("vllm:generation_tokens_total", "vllm:prompt_tokens_total")));
        await using var vllmOld = await FakeExporter.StartAsync(CapturedPage.Advancing("vllm/production-stack-issue-318"));
        await using var sglang = await FakeExporter.StartAsync(CapturedPage.Advancing("sglang/docs-production-metrics-model-name-label", counters("sglang:generation_tokens_total", "sglang:prompt_tokens_total")));
        await using var sglangOld = await FakeExporter.StartAsync(CapturedPage.Advancing("sglang/docs-production-metrics-name-label", counters("sglang:generation_tokens_total", "sglang:prompt_tokens_total")));
        await using var trtllm = await FakeExporter.StartAsync(CapturedPage.Advancing("triton/trtllm-backend-2025-inflight-batcher"));
        await using var tritonBase = await FakeExporter.StartAsync(CapturedPage.Advancing("triton/triton-base-metrics-2025"));
        await using var tgi = await FakeExporter.StartAsync(CapturedPage.Advancing("tgi/datadog-integration-payload", new Dictionary<string, double>
        {
            ["tgi_request_generated_tokens_sum"] = Generation,
            ["tgi_request_input_length_sum"] = Prompt,
            ["tgi_request_input_length_count"] = Finished,
        }));
        await using var dcgm = await FakeExporter.StartAsync(CapturedPage.Advancing("dcgm/lke-rtx4000-pod-mapped"));
        await using var prometheus = new PrometheusServer($$"""
              - job_name: vllm
                static_configs:
                  - targets: ["{{vllmV1.HostPort}}"]
                    labels: {namespace: vllm, pod: vllm-v1}
                  - targets: ["{{vllmOld.HostPort}}"]
                    labels: {namespace: default, pod: cuda-75454ffb9f-8ljq7}
              - job_name: sglang
                static_configs:
                  - targets: ["{{sglang.HostPort}}"]
                    labels: {namespace: sglang, pod: sglang-new}
                  - targets: ["{{sglangOld.HostPort}}"]
                    labels: {namespace: sglang, pod: sglang-old}
              - job_name: triton
                static_configs:
                  - targets: ["{{trtllm.HostPort}}"]
                    labels: {namespace: triton, pod: triton-trtllm}
                  - targets: ["{{tritonBase.HostPort}}"]
                    labels: {namespace: triton, pod: triton-base}
              - job_name: tgi
                static_configs:
                  - targets: ["{{tgi.HostPort}}"]
                    labels: {namespace: tgi, pod: tgi-3}
              - job_name: dcgm
                honor_labels: true
                static_configs:
                  - targets: ["{{dcgm.HostPort}}"]
                    labels: {namespace: gpu-operator, pod: nvidia-dcgm-exporter-x}

            """);
        await prometheus.StartAsync();
        var options = prometheus.SourceOptions();
        var source = new PrometheusSource(new PrometheusClient(new HttpClient(), options, TimeProvider.System), options, TimeProvider.System);

        await Poll.UntilAsync(async () =>
        {
            var vllm = Pods(await source.ObserveAsync(Workload("vllm", EngineKind.Vllm), CancellationToken.None));
            Poll.Within(vllm["vllm-v1"].Engine.GenerationTokensPerSecond!.Value, Generation, 0.02);
            Assert.Equal(8, vllm["vllm-v1"].Engine.RequestsRunning);
            Assert.Empty(vllm["vllm-v1"].OlderNames);

            var sglangPods = Pods(await source.ObserveAsync(Workload("sglang", EngineKind.Sglang), CancellationToken.None));
            foreach (var pod in sglangPods.Values)
            {
                Poll.Within(pod.Engine.GenerationTokensPerSecond!.Value, Generation, 0.02);
                Poll.Within(pod.Engine.PromptTokensPerSecond!.Value, Prompt, 0.02);
            }
            Assert.Equal(new EngineReading(null, null, 2826, 162, 0.28, null), sglangPods["sglang-new"].Engine with { GenerationTokensPerSecond = null, PromptTokensPerSecond = null });
            Assert.Empty(sglangPods["sglang-new"].OlderNames);
            Assert.Equal(new EngineReading(null, null, 0, 0, 0.01, null), sglangPods["sglang-old"].Engine with { GenerationTokensPerSecond = null, PromptTokensPerSecond = null });
            Assert.Equal(["sglang:num_requests_waiting", "sglang:num_requests_running"], sglangPods["sglang-old"].OlderNames);

            var tgiPod = Assert.Single((await source.ObserveAsync(Workload("tgi", EngineKind.Tgi), CancellationToken.None)).Pods);
            Poll.Within(tgiPod.Engine.GenerationTokensPerSecond!.Value, Generation, 0.02);
            Poll.Within(tgiPod.Engine.PromptTokensPerSecond!.Value, Prompt, 0.02);
            Poll.Within(tgiPod.Engine.RequestsFinishedPerSecond!.Value, Finished, 0.02);
            Assert.Equal((0d, 0d, (double?)null), (tgiPod.Engine.RequestsWaiting, tgiPod.Engine.RequestsRunning, tgiPod.Engine.KvCacheUsage));
            Assert.Empty(tgiPod.OlderNames);
        }, TimeSpan.FromSeconds(60));

        var triton = Pods(await source.ObserveAsync(Workload("triton", EngineKind.Triton), CancellationToken.None));
        Assert.Equal(new EngineReading(null, null, 1, 0, 0.4875, null), triton["triton-trtllm"].Engine);
        Assert.Empty(triton["triton-trtllm"].OlderNames);
        Assert.Equal(new EngineReading(null, null, 0, null, null, null), triton["triton-base"].Engine);
        Assert.Equal(["nv_inference_pending_request_count"], triton["triton-base"].OlderNames);

        // The older vLLM page's pod is the one the DCGM page maps its GPU to.
        var old = Assert.Single((await source.ObserveAsync(Workload("vllm", EngineKind.Vllm, "default"), CancellationToken.None)).Pods);
        Assert.Equal(new EngineReading(null, null, 0, 0, 0, 0.004656), old.Engine);
        Assert.Equal(["vllm:gpu_cache_usage_perc"], old.OlderNames);
    }

    private static WorkloadSpec Workload(string job, EngineKind engine, string? ns = null) => new()
    {
        Name = job,
        Namespace = ns ?? job,
        Engine = engine,
        Selector = $"app={job}",
        Source = SourceKind.Prometheus,
        SeriesLabels = new Dictionary<string, string> { ["job"] = job },
    };

    private static Dictionary<string, PodReading> Pods(WorkloadObservation observation) =>
        observation.Pods.ToDictionary(p => p.Name);
}
