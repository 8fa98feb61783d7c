using System.Net;
using System.Text.Json;
using Headroom.Adapter.Tests.Auth;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// Attacks on namespace isolation, as a tenant would try them: a user allowed everything in team-a, and nothing
/// elsewhere, asks for the demo namespace's metrics through every path shape the metrics APIs have.
/// </summary>
[Collection(DelegatedAuthAdapterCollection.Name)]
public sealed class CrossNamespaceTests(DelegatedAuthAdapterFixture fixture)
{
    private const string Custom = "/apis/custom.metrics.k8s.io";

    private static string[] ForeignPaths(string node) =>
    [
        // A namespace object nested in the caller's namespace.
        $"{Custom}/v1beta2/namespaces/team-a/namespaces/demo/headroom_queue_depth",
        $"{Custom}/v1beta1/namespaces/team-a/namespaces/demo/headroom_queue_depth",
        $"{Custom}/v1beta2/namespaces/team-a/namespaces/*/headroom_queue_depth",
        // Cluster-scoped nodes (whose values come from every namespace's pods) asked for within the caller's namespace.
        $"{Custom}/v1beta2/namespaces/team-a/nodes/{node}/headroom_gpu_duty_cycle",
        $"{Custom}/v1beta2/namespaces/team-a/nodes/*/headroom_gpu_duty_cycle",
        // The victim's namespace object, its pods and deployments, directly.
        $"{Custom}/v1beta2/namespaces/demo/metrics/headroom_queue_depth",
        $"{Custom}/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat",
        $"{Custom}/v1beta2/namespaces/demo/deployments.apps/chat/headroom_desired_replicas",
        "/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth",
        // Root shapes: a namespace as a root object, pods at the root, nodes at the root.
        $"{Custom}/v1beta2/namespaces/demo/headroom_queue_depth",
        $"{Custom}/v1beta2/pods/*/headroom_queue_depth",
        $"{Custom}/v1beta2/nodes/*/headroom_gpu_duty_cycle",
        // Case games with the path's literals.
        $"{Custom}/v1beta2/Namespaces/team-a/namespaces/demo/headroom_queue_depth",
        $"{Custom}/v1beta2/namespaces/team-a/Namespaces/demo/headroom_queue_depth",
        $"{Custom}/v1beta2/namespaces/team-a/NODES/{node}/headroom_gpu_duty_cycle",
    ];

    [Fact]
    public async Task A_user_allowed_only_in_team_a_reads_nothing_of_another_namespace_through_any_path()
    {
        fixture.Api.AddToken("token-mallory", "mallory");
        fixture.Api.AllowInNamespace("mallory", "team-a");
        var node = await NodeNameAsync();

        using var client = fixture.TokenClient("token-mallory");
        foreach (var path in ForeignPaths(node))
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{path} answered {(int)response.StatusCode}: {body}");
            Assert.Equal("Status", JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public async Task A_user_allowed_in_the_namespace_reads_it_so_the_refusals_above_are_isolation_not_an_outage()
    {
        fixture.Api.AddToken("token-trent", "trent");
        fixture.Api.AllowInNamespace("trent", "demo");

        using var client = fixture.TokenClient("token-trent");
        using var pods = await client.GetAsync($"{Custom}/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat");
        using var ns = await client.GetAsync($"{Custom}/v1beta2/namespaces/demo/metrics/headroom_queue_depth");

        Assert.Equal(HttpStatusCode.OK, pods.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ns.StatusCode);
    }

    [Fact]
    public async Task Path_literals_in_another_case_are_not_answered_even_for_a_master()
    {
        using var client = fixture.CertificateClient();
        foreach (var path in new[]
        {
            "/APIS/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat",
            $"{Custom}/v1beta2/NAMESPACES/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat",
            $"{Custom}/v1beta2/Namespaces/demo/metrics/headroom_queue_depth",
            "/apis/External.Metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth",
        })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_non_resource_grant_for_an_upper_case_path_does_not_read_a_resource()
    {
        const string path = "/APIS/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth";
        fixture.Api.AddToken("token-oscar", "oscar");
        fixture.Api.Allow("oscar", "get", path);

        using var client = fixture.TokenClient("token-oscar");
        using var response = await client.GetAsync(path + "?labelSelector=app%3Dchat");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> NodeNameAsync()
    {
        using var client = fixture.CertificateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"{Custom}/v1beta2/nodes/*/headroom_gpu_duty_cycle"));
        return doc.RootElement.GetProperty("items")[0].GetProperty("describedObject").GetProperty("name").GetString()!;
    }
}
