using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Keda;

/// <summary>The JSON endpoint for KEDA's metrics-api trigger, read with kubectl as an authenticated client would.</summary>
public sealed class MetricsApiTests(KedaAdapterFixture fixture) : IClassFixture<KedaAdapterFixture>
{
    [Fact]
    public async Task A_workload_document_holds_each_current_signal_at_its_value_location()
    {
        await Poll.UntilAsync(async () =>
        {
            var json = await fixture.Kubectl.GetRawAsync("/keda/v1/namespaces/llm/workloads/chat");
            Assert.Equal("llm", json.GetProperty("namespace").GetString());
            Assert.Equal("chat", json.GetProperty("workload").GetString());
            Assert.Equal(2, json.GetProperty("readyPods").GetInt32());
            var metrics = json.GetProperty("metrics");
            Assert.Equal(7, metrics.GetProperty("headroom_queue_depth").GetDouble(), 9);
            Assert.Equal(16, metrics.GetProperty("headroom_running_requests").GetDouble(), 9);
            Assert.Equal(0.6, metrics.GetProperty("headroom_kv_cache_utilization").GetDouble(), 9);
            // No DCGM reading: the signal is left out, so KEDA's valueLocation errors instead of reading zero.
            Assert.False(metrics.TryGetProperty("headroom_gpu_duty_cycle", out _));
            Assert.True(DateTimeOffset.TryParse(json.GetProperty("timestamp").GetString(), out _));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_unknown_workload_is_a_404_Status()
    {
        var result = await fixture.Kubectl.RunAsync("get", "--raw", "/keda/v1/namespaces/llm/workloads/nope");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NotFound", result.Stderr);
        Assert.Contains("no workload \"nope\" is configured", result.Stderr);
    }

    [Fact]
    public async Task Without_credentials_the_endpoint_is_refused()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        var response = await http.GetAsync(new Uri(fixture.Adapter.SecureUrl, "/keda/v1/namespaces/llm/workloads/chat"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
