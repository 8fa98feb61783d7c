using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Headroom.Adapter.Tls;

namespace Headroom.Adapter.Tests.Kubectl;

[Collection(DemoAdapterCollection.Name)]
public sealed class KubectlErrorTests(DemoAdapterFixture fixture)
{
    [Theory]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_no_such_metric?labelSelector=workload%3Dchat")]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/nowhere/headroom_queue_depth")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/no-such-pod/headroom_queue_depth")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/deployments.apps/no-such/headroom_queue_depth")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/services/chat/headroom_queue_depth")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta3/namespaces/demo/pods/*/headroom_queue_depth")]
    [InlineData("/apis/no.such.group/v1")]
    public async Task Unknown_metric_object_namespace_or_group_is_404(string path)
    {
        var result = await fixture.Kubectl.RunAsync("get", "--raw", path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(NotFound)", result.Stderr);
        await AssertStatusAsync(path, HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData("labelSelector=workload%3D%3D%3Dchat")]
    [InlineData("labelSelector=workload+in+(chat")]
    [InlineData("labelSelector=%22workload%22%3Dchat")]
    [InlineData("labelSelector=workload%3Dchat%7D+or+vector(1)")]
    [InlineData("labelSelector=a%3Db&labelSelector=c%3Dd")]
    public async Task Malformed_selector_is_400(string query)
    {
        var path = $"/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth?{query}";
        var result = await fixture.Kubectl.RunAsync("get", "--raw", path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(BadRequest)", result.Stderr);
        await AssertStatusAsync(path, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task Malformed_metric_label_selector_is_400()
    {
        var path = "/apis/custom.metrics.k8s.io/v1beta1/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat&metricLabelSelector=engine+notin";
        await AssertStatusAsync(path, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task Kubeconfig_without_a_client_certificate_is_401()
    {
        var path = Path.Combine(Path.GetDirectoryName(fixture.Kubeconfig)!, "anonymous.kubeconfig");
        KubeconfigCredentials.WriteVariant(fixture.Kubeconfig, path, null, null);

        // With no credentials at all kubectl would prompt for a password on a 401; a token it cannot
        // verify is the same refusal without the prompt.
        var result = await Kubectl.RunWithAsync(path, "--token=not-a-valid-token", "get", "--raw", "/apis/external.metrics.k8s.io/v1beta1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr);
        using var client = fixture.AnonymousClient();
        using var response = await client.GetAsync("/apis");
        await AssertStatusBodyAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_401_even_as_system_masters()
    {
        var rogueCa = CertificateFactory.CreateAuthority("rogue", TimeSpan.FromDays(1));
        var rogue = CertificateFactory.CreateClient("intruder", ["system:masters"], rogueCa, TimeSpan.FromDays(1));
        var path = Path.Combine(Path.GetDirectoryName(fixture.Kubeconfig)!, "rogue.kubeconfig");
        KubeconfigCredentials.WriteVariant(fixture.Kubeconfig, path, rogue.ExportCertificatePem(), rogue.GetECDsaPrivateKey()!.ExportECPrivateKeyPem());

        var result = await Kubectl.RunWithAsync(path, "get", "--raw", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr);
    }

    [Fact]
    public async Task Health_is_served_without_credentials_but_nothing_else_is()
    {
        using var client = fixture.AnonymousClient();
        Assert.Equal("ok", await client.GetStringAsync("/readyz"));
        using var version = await client.GetAsync("/version");
        Assert.Equal(HttpStatusCode.Unauthorized, version.StatusCode);
    }

    [Fact]
    public async Task Non_get_method_is_405_status()
    {
        using var client = fixture.AuthenticatedClient();
        using var response = await client.PostAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth", null);
        await AssertStatusBodyAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    [Fact]
    public async Task Aggregated_discovery_only_accept_gets_406_not_503()
    {
        using var client = fixture.AuthenticatedClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        using var response = await client.SendAsync(request);
        await AssertStatusBodyAsync(response, HttpStatusCode.NotAcceptable, "NotAcceptable");

        using var fallback = await client.GetAsync("/apis/custom.metrics.k8s.io/v1beta2");
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
    }

    private async Task AssertStatusAsync(string path, HttpStatusCode code, string reason)
    {
        using var client = fixture.AuthenticatedClient();
        using var response = await client.GetAsync(path);
        await AssertStatusBodyAsync(response, code, reason);
    }

    private static async Task AssertStatusBodyAsync(HttpResponseMessage response, HttpStatusCode code, string reason)
    {
        Assert.Equal(code, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("v1", status.GetProperty("apiVersion").GetString());
        Assert.Equal("Failure", status.GetProperty("status").GetString());
        Assert.Equal(reason, status.GetProperty("reason").GetString());
        Assert.Equal((int)code, status.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(status.GetProperty("message").GetString()));
        Assert.DoesNotContain("   at ", status.GetProperty("message").GetString());
    }
}
