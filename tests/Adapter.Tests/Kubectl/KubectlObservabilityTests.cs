using System.Globalization;
using System.Text.Json;

namespace Headroom.Adapter.Tests.Kubectl;

[Collection(DemoAdapterCollection.Name)]
public sealed class KubectlObservabilityTests(DemoAdapterFixture fixture)
{
    [Fact]
    public async Task The_debug_endpoint_shows_every_input_of_each_decision()
    {
        var workloads = (await fixture.Kubectl.GetRawAsync("/debug/workloads")).EnumerateArray().ToDictionary(w => w.GetProperty("workload").GetString()!);

        Assert.Equal(["chat", "code"], workloads.Keys.Order());
        var chat = workloads["chat"];
        Assert.False(chat.GetProperty("stale").GetBoolean());
        var decision = chat.GetProperty("decision");
        var desired = decision.GetProperty("desired").GetInt32();
        var needed = decision.GetProperty("needed").GetInt32();
        // Up to what is needed; going down, no lower than needed and no higher than what the window holds.
        Assert.InRange(desired, needed, Math.Max(needed, decision.GetProperty("held").GetInt32()));
        // What is needed is the most any dimension needs, and the reason names a dimension or the held window.
        Assert.Equal(needed, new[] { "forPrefill", "forCompute", "forDecode", "forKvCache", "forQueue" }.Max(d => decision.GetProperty(d).GetInt32()));
        Assert.Contains(decision.GetProperty("boundBy").GetString(), new[] { "prefill", "compute", "decode", "kv-cache", "queue", "held", "idle" });
        foreach (var input in new[] { "promptDemand", "demand", "promptDispersion", "kvTokensInUse", "prefillCapacityPerReplica", "decodeCapacityPerReplica", "startingReplicas" })
            Assert.True(decision.TryGetProperty(input, out _), input);
        Assert.Equal(desired, chat.GetProperty("values").GetProperty("headroom_desired_replicas").GetDouble());
        Assert.True(decision.GetProperty("leadTimeSeconds").GetDouble() > 15);
    }

    [Fact]
    public async Task Own_metrics_are_on_the_plain_http_port_and_only_there()
    {
        using var http = new HttpClient();
        // A request first, so that its series exist.
        await fixture.Kubectl.GetRawAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth?labelSelector=workload%3Dchat");

        var text = await http.GetStringAsync(new Uri(fixture.Adapter.MetricsUrl, "/metrics"));

        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("headroom_snapshot_age_seconds ", StringComparison.Ordinal)
            && double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture) is >= 0 and < 30);
        Assert.Contains(lines, l => l.StartsWith("# TYPE headroom_source_errors_total counter", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("method=\"GET\"") && l.Contains("endpoint=\"/apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}\""));
        Assert.Contains(lines, l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
            && l.Contains("code=\"200\"") && l.Contains("endpoint=\"/apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}\"")
            && double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture) >= 1);
        Assert.Contains(lines, l => l.StartsWith("headroom_desired_replicas_input{", StringComparison.Ordinal) && l.Contains("input=\"lead_time_seconds\""));
        // Exactly one forecast method per workload, whichever it is now.
        var models = lines.Where(l => l.StartsWith("headroom_forecast_model{", StringComparison.Ordinal) && l.Contains("workload=\"chat\"")).ToArray();
        Assert.True(models.Length == 1 && models[0].EndsWith(" 1", StringComparison.Ordinal), string.Join("\n", models));

        using var api = await http.GetAsync(new Uri(fixture.Adapter.MetricsUrl, "/apis"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, api.StatusCode);
    }
}
