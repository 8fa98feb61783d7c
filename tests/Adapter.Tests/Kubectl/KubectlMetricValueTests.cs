using System.Globalization;
using System.Text.Json;
using Headroom.Serving.Quantities;
using Headroom.Signals.Catalog;

namespace Headroom.Adapter.Tests.Kubectl;

[Collection(DemoAdapterCollection.Name)]
public sealed class KubectlMetricValueTests(DemoAdapterFixture fixture)
{
    public static TheoryData<string> Metrics => new(MetricCatalog.All.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Every_metric_is_served_as_an_external_metric(string metric)
    {
        foreach (var workload in new[] { "chat", "code" })
        {
            var list = await fixture.Kubectl.GetRawAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/{metric}?labelSelector=workload%3D{workload}");

            Assert.Equal("ExternalMetricValueList", list.GetProperty("kind").GetString());
            Assert.Equal("external.metrics.k8s.io/v1beta1", list.GetProperty("apiVersion").GetString());
            var item = Assert.Single(list.GetProperty("items").EnumerateArray());
            Assert.Equal(metric, item.GetProperty("metricName").GetString());
            Assert.Equal(workload, item.GetProperty("metricLabels").GetProperty("workload").GetString());
            AssertRecent(item.GetProperty("timestamp"));
            AssertPlausible(metric, Quantity.Parse(item.GetProperty("value").GetString()!));
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Every_metric_is_served_per_pod_in_v1beta1_and_v1beta2(string metric)
    {
        var v1 = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta1/namespaces/demo/pods/*/{metric}?labelSelector=app%3Dchat");
        var v2 = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/{metric}?labelSelector=app%3Dchat");

        Assert.Equal("custom.metrics.k8s.io/v1beta1", v1.GetProperty("apiVersion").GetString());
        Assert.Equal("custom.metrics.k8s.io/v1beta2", v2.GetProperty("apiVersion").GetString());
        var items1 = v1.GetProperty("items").EnumerateArray().ToArray();
        var items2 = v2.GetProperty("items").EnumerateArray().ToArray();
        Assert.NotEmpty(items1);
        Assert.NotEmpty(items2);
        foreach (var item in items1)
        {
            AssertPod(item.GetProperty("describedObject"));
            Assert.Equal(metric, item.GetProperty("metricName").GetString());
            Assert.True(item.GetProperty("window").GetInt64() > 0);
            AssertRecent(item.GetProperty("timestamp"));
            AssertPlausible(metric, Quantity.Parse(item.GetProperty("value").GetString()!), perPod: true);
        }
        foreach (var item in items2)
        {
            AssertPod(item.GetProperty("describedObject"));
            Assert.Equal(metric, item.GetProperty("metric").GetProperty("name").GetString());
            Assert.True(item.GetProperty("windowSeconds").GetInt64() > 0);
            AssertPlausible(metric, Quantity.Parse(item.GetProperty("value").GetString()!), perPod: true);
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public async Task Every_metric_is_served_on_the_deployment_and_the_namespace(string metric)
    {
        var deployment = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/deployments.apps/code/{metric}");
        var item = Assert.Single(deployment.GetProperty("items").EnumerateArray());
        var described = item.GetProperty("describedObject");
        Assert.Equal("Deployment", described.GetProperty("kind").GetString());
        Assert.Equal("apps/v1", described.GetProperty("apiVersion").GetString());
        Assert.Equal("code", described.GetProperty("name").GetString());
        Assert.Equal("demo", described.GetProperty("namespace").GetString());
        AssertPlausible(metric, Quantity.Parse(item.GetProperty("value").GetString()!));

        var ns = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta1/namespaces/demo/metrics/{metric}");
        var nsItem = Assert.Single(ns.GetProperty("items").EnumerateArray());
        Assert.Equal("Namespace", nsItem.GetProperty("describedObject").GetProperty("kind").GetString());
        Assert.Equal("demo", nsItem.GetProperty("describedObject").GetProperty("name").GetString());
        Assert.Equal(metric, nsItem.GetProperty("metricName").GetString());
    }

    [Fact]
    public async Task A_named_pod_and_a_root_scoped_node_are_served()
    {
        var pods = await fixture.Kubectl.GetRawAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_gpu_duty_cycle?labelSelector=app%3Dcode");
        var first = pods.GetProperty("items").EnumerateArray().First().GetProperty("describedObject").GetProperty("name").GetString();

        var one = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/{first}/headroom_gpu_duty_cycle");
        Assert.Equal(first, Assert.Single(one.GetProperty("items").EnumerateArray()).GetProperty("describedObject").GetProperty("name").GetString());

        var nodes = await fixture.Kubectl.GetRawAsync("/apis/custom.metrics.k8s.io/v1beta1/nodes/*/headroom_gpu_duty_cycle");
        var node = nodes.GetProperty("items").EnumerateArray().First().GetProperty("describedObject");
        Assert.Equal("Node", node.GetProperty("kind").GetString());
        var named = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/v1beta1/nodes/{node.GetProperty("name").GetString()}/headroom_gpu_duty_cycle");
        Assert.Single(named.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Metric_label_selector_filters_series_and_is_echoed()
    {
        var matching = await fixture.Kubectl.GetRawAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat&metricLabelSelector=engine%3Dvllm");
        var item = matching.GetProperty("items").EnumerateArray().First();
        Assert.Equal("vllm", item.GetProperty("metric").GetProperty("selector").GetProperty("matchLabels").GetProperty("engine").GetString());

        var none = await fixture.Kubectl.GetRawAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat&metricLabelSelector=engine%3Dtgi");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task External_metric_without_a_match_is_an_empty_list_and_without_a_selector_lists_every_workload()
    {
        var none = await fixture.Kubectl.GetRawAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth?labelSelector=workload%3Dnope");
        Assert.Empty(none.GetProperty("items").EnumerateArray());

        var all = await fixture.Kubectl.GetRawAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth");
        Assert.Equal(["chat", "code"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metricLabels").GetProperty("workload").GetString()).Order());
    }

    private static void AssertPod(JsonElement described)
    {
        Assert.Equal("Pod", described.GetProperty("kind").GetString());
        Assert.Equal("v1", described.GetProperty("apiVersion").GetString());
        Assert.Equal("demo", described.GetProperty("namespace").GetString());
        Assert.StartsWith("chat-", described.GetProperty("name").GetString());
    }

    private static void AssertRecent(JsonElement timestamp)
    {
        var at = DateTimeOffset.Parse(timestamp.GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - at, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(30));
    }

    private static void AssertPlausible(string metric, double value, bool perPod = false)
    {
        Assert.True(double.IsFinite(value));
        switch (metric)
        {
            case "headroom_gpu_duty_cycle" or "headroom_kv_cache_utilization":
                Assert.InRange(value, 0, 1);
                break;
            case "headroom_cold_start_seconds":
                Assert.InRange(value, 1, 3600);
                break;
            case "headroom_desired_replicas" when !perPod:
                Assert.Equal(Math.Round(value), value);
                Assert.InRange(value, 0, 1000);
                break;
            default:
                Assert.True(value >= 0, $"{metric} = {value}");
                break;
        }
    }
}
