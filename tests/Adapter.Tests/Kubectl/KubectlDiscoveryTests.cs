using System.Text.Json;
using Headroom.Signals.Catalog;

namespace Headroom.Adapter.Tests.Kubectl;

[Collection(DemoAdapterCollection.Name)]
public sealed class KubectlDiscoveryTests(DemoAdapterFixture fixture)
{
    [Fact]
    public async Task Apis_lists_both_groups_with_preferred_versions()
    {
        var list = await fixture.Kubectl.GetRawAsync("/apis");

        Assert.Equal("APIGroupList", list.GetProperty("kind").GetString());
        var groups = list.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
        Assert.Equal("custom.metrics.k8s.io/v1beta2", groups["custom.metrics.k8s.io"].GetProperty("preferredVersion").GetProperty("groupVersion").GetString());
        Assert.Equal(["v1beta2", "v1beta1"], groups["custom.metrics.k8s.io"].GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.Equal("external.metrics.k8s.io/v1beta1", groups["external.metrics.k8s.io"].GetProperty("preferredVersion").GetProperty("groupVersion").GetString());
    }

    [Theory]
    [InlineData("custom.metrics.k8s.io")]
    [InlineData("external.metrics.k8s.io")]
    public async Task Group_document_names_its_versions(string group)
    {
        var doc = await fixture.Kubectl.GetRawAsync($"/apis/{group}");

        Assert.Equal("APIGroup", doc.GetProperty("kind").GetString());
        Assert.Equal(group, doc.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("v1beta1")]
    [InlineData("v1beta2")]
    public async Task Custom_resource_list_names_every_metric_as_the_library_does(string version)
    {
        var doc = await fixture.Kubectl.GetRawAsync($"/apis/custom.metrics.k8s.io/{version}");

        Assert.Equal("APIResourceList", doc.GetProperty("kind").GetString());
        Assert.Equal($"custom.metrics.k8s.io/{version}", doc.GetProperty("groupVersion").GetString());
        var resources = doc.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        foreach (var metric in MetricCatalog.All)
        {
            Assert.True(resources[$"pods/{metric.Name}"].GetProperty("namespaced").GetBoolean());
            Assert.True(resources[$"deployments.apps/{metric.Name}"].GetProperty("namespaced").GetBoolean());
            Assert.False(resources[$"namespaces/{metric.Name}"].GetProperty("namespaced").GetBoolean());
            Assert.Equal("MetricValueList", resources[$"pods/{metric.Name}"].GetProperty("kind").GetString());
            Assert.Equal(["get"], resources[$"pods/{metric.Name}"].GetProperty("verbs").EnumerateArray().Select(v => v.GetString()));
        }
        Assert.True(resources.ContainsKey("nodes/headroom_gpu_duty_cycle"));
    }

    [Fact]
    public async Task External_resource_list_names_every_metric_namespaced()
    {
        var doc = await fixture.Kubectl.GetRawAsync("/apis/external.metrics.k8s.io/v1beta1");

        var resources = doc.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(MetricCatalog.All.Select(m => m.Name).Order(), resources.Keys.Order());
        Assert.All(resources.Values, r =>
        {
            Assert.True(r.GetProperty("namespaced").GetBoolean());
            Assert.Equal("ExternalMetricValueList", r.GetProperty("kind").GetString());
        });
    }

    [Fact]
    public async Task Kubectl_discovery_falls_back_from_aggregated_discovery_and_finds_the_groups()
    {
        // kubectl asks /apis for aggregated discovery first, as the aggregator does, then falls back.
        var versions = await fixture.Kubectl.RunAsync("api-versions");

        Assert.Equal(0, versions.ExitCode);
        var lines = versions.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("custom.metrics.k8s.io/v1beta1", lines);
        Assert.Contains("custom.metrics.k8s.io/v1beta2", lines);
        Assert.Contains("external.metrics.k8s.io/v1beta1", lines);
        Assert.DoesNotContain("Unhandled", versions.Stderr);
    }

    [Fact]
    public async Task Kubectl_api_resources_lists_external_metrics()
    {
        var result = await fixture.Kubectl.RunAsync("api-resources", "--api-group=external.metrics.k8s.io", "-o", "name");

        Assert.Equal(0, result.ExitCode);
        var names = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("headroom_token_throughput.external.metrics.k8s.io", names);
        Assert.Contains("headroom_desired_replicas.external.metrics.k8s.io", names);
    }

    [Fact]
    public async Task Version_and_openapi_documents_parse()
    {
        var version = await fixture.Kubectl.GetRawAsync("/version");
        Assert.StartsWith("v", version.GetProperty("gitVersion").GetString());

        var v2 = await fixture.Kubectl.GetRawAsync("/openapi/v2");
        Assert.Equal("2.0", v2.GetProperty("swagger").GetString());
        Assert.True(v2.GetProperty("paths").TryGetProperty("/apis/external.metrics.k8s.io/v1beta1/namespaces/{namespace}/{metric}", out _));

        var v3 = await fixture.Kubectl.GetRawAsync("/openapi/v3");
        var url = v3.GetProperty("paths").GetProperty("apis/custom.metrics.k8s.io/v1beta2").GetProperty("serverRelativeURL").GetString()!;
        var gv = await fixture.Kubectl.GetRawAsync(url);
        Assert.Equal("3.0.0", gv.GetProperty("openapi").GetString());
        Assert.True(gv.GetProperty("components").GetProperty("schemas").TryGetProperty("io.headroom.custom_metrics.v1beta2.MetricValueList", out _));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task Health_paths_answer_ok(string path)
    {
        var result = await fixture.Kubectl.RunAsync("get", "--raw", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ok", result.Stdout.Trim());
    }
}
