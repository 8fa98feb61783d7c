using System.Text.Json;
using Headroom.Adapter.Tests.Support;
using Headroom.Serving.Quantities;
using static Headroom.Adapter.Tests.Prometheus.PrometheusSourceFixture;

namespace Headroom.Adapter.Tests.Prometheus;

public sealed class PrometheusSourceTests(PrometheusSourceFixture fixture) : IClassFixture<PrometheusSourceFixture>
{
    private const string External = "/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/";

    [Fact]
    public async Task Served_signals_match_the_exporters_known_rates_then_turn_into_errors_when_Prometheus_stops()
    {
        // Values settle once Prometheus has a few scrapes in its rate window.
        await Poll.UntilAsync(async () => Poll.Within(await fixture.Kubectl.ExternalValueAsync("llm", "headroom_token_throughput", "chat"), ChatA + ChatB, 0.05), TimeSpan.FromSeconds(60));

        await Poll.UntilAsync(async () =>
        {
            Poll.Within(await fixture.Kubectl.ExternalValueAsync("llm", "headroom_token_throughput", "chat"), ChatA + ChatB, 0.05);
            Poll.Within(await fixture.Kubectl.ExternalValueAsync("llm", "headroom_prompt_throughput", "chat"), PromptA + PromptB, 0.05);
        }, TimeSpan.FromSeconds(30));
        // The queue is the engines' plus the pool's flow-control queue over every band; another pool's is not counted.
        var queue = WaitingA + WaitingB + GatewayBands.Sum();
        Poll.Within(await fixture.Kubectl.ExternalValueAsync("llm", "headroom_queue_depth", "chat"), queue, 0.05);
        // Desired replicas follow that queue. A running request holds (0.4 + 0.6) × 12,000 KV tokens / 6 running =
        // 2,000 prompt tokens, so draining the 608 waiting within 30 s on top of the ~2,000 prompt tokens/s served needs
        // ceil((2,000 + 608 × 2,000 / 30) / 20,000) = ceil(2.13) = 3 replicas at the 20,000 tokens/s prefill prior;
        // prefill alone needs 1, decode 1 (500 / (0.8 × 2,000)) and the KV cache 2 (12,000 / (0.85 × 12,000)).
        Assert.Equal(3, await fixture.Kubectl.ExternalValueAsync("llm", "headroom_desired_replicas", "chat"));
        Poll.Within(await fixture.Kubectl.ExternalValueAsync("llm", "headroom_kv_cache_utilization", "chat"), (KvA + KvB) / 2, 0.05);
        Poll.Within(await fixture.Kubectl.ExternalValueAsync("llm", "headroom_gpu_duty_cycle", "chat"), (UtilA + UtilB) / 200, 0.05);

        // Per pod, rate() over a short window moves with scrape jitter on a loaded machine; it settles within the bound.
        await Poll.UntilAsync(async () =>
        {
            var pods = await fixture.Kubectl.GetRawAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/headroom_token_throughput?labelSelector=app%3Dchat");
            var perPod = pods.GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("describedObject").GetProperty("name").GetString()!, i => Quantity.Parse(i.GetProperty("value").GetString()!));
            Poll.Within(perPod["chat-a"], ChatA, 0.05);
            Poll.Within(perPod["chat-b"], ChatB, 0.05);
        }, TimeSpan.FromSeconds(30));

        await fixture.Prometheus.StopAsync();
        var stopped = DateTime.UtcNow;

        // Until the staleness bound the last-known-good value is served; after it, an error, never 0.
        var result = await fixture.Kubectl.RunAsync("get", "--raw", External + "headroom_token_throughput?labelSelector=workload%3Dchat");
        if (result.ExitCode == 0) Poll.Within(Kubectl.Kubectl.SingleValue(result.Json()), ChatA + ChatB, 0.05);
        await Poll.UntilAsync(async () =>
        {
            var r = await fixture.Kubectl.RunAsync("get", "--raw", External + "headroom_token_throughput?labelSelector=workload%3Dchat");
            if (r.ExitCode == 0)
            {
                Poll.Within(Kubectl.Kubectl.SingleValue(r.Json()), ChatA + ChatB, 0.05);
                throw new Xunit.Sdk.XunitException("still serving last-known-good");
            }
            Assert.Contains("(ServiceUnavailable)", r.Stderr);
        }, TimeSpan.FromSeconds(30));
        Assert.True(DateTime.UtcNow - stopped >= StaleAfter - TimeSpan.FromSeconds(1), "the error came before the staleness bound");

        foreach (var metric in new[] { "headroom_queue_depth", "headroom_gpu_duty_cycle", "headroom_kv_cache_utilization", "headroom_desired_replicas" })
        {
            var r = await fixture.Kubectl.RunAsync("get", "--raw", External + $"{metric}?labelSelector=workload%3Dchat");
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("(ServiceUnavailable)", r.Stderr);
        }
    }
}
