using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Headroom.Adapter.Tests.Kubectl;
using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Auth;

/// <summary>
/// End to end: bearer tokens and non-masters users against the demo adapter whose review flags point at a fake
/// kube-apiserver. Each test uses its own users, because the adapter caches verdicts for 10 s.
/// </summary>
[Collection(DelegatedAuthAdapterCollection.Name)]
public sealed class DelegatedAuthAdapterTests(DelegatedAuthAdapterFixture fixture)
{
    public const string PodMetricPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat";

    [Fact]
    public async Task Reviewed_token_of_an_allowed_user_gets_the_metrics()
    {
        fixture.Api.AddToken("token-carol", "carol", "tenants");
        fixture.Api.Allow("carol", "list", "pods");

        using var client = fixture.TokenClient("token-carol");
        using var response = await client.GetAsync(PodMetricPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spec = fixture.Api.AccessReviewSpecs.Last(s => s["user"]!.GetValue<string>() == "carol");
        Assert.Equal(["system:authenticated", "tenants"], spec["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    // The attack this guards against: an authorizer that decides by UID or extra (a bound service account token's
    // pod, an OIDC claim) would be asked about a user stripped of them, and answer for someone else.
    [Fact]
    public async Task The_token_reviews_uid_and_extra_reach_the_access_review()
    {
        fixture.Api.AddToken("token-uma", "uma", "tenants");
        fixture.Api.AddExtra("token-uma", "authentication.kubernetes.io/pod-name", "keda-operator-7d9f");
        fixture.Api.Allow("uma", "list", "pods");

        using var client = fixture.TokenClient("token-uma");
        using var response = await client.GetAsync(PodMetricPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spec = fixture.Api.AccessReviewSpecs.Last(s => s["user"]!.GetValue<string>() == "uma");
        Assert.Equal("uid-uma", spec["uid"]!.GetValue<string>());
        Assert.Equal("keda-operator-7d9f", spec["extra"]!["authentication.kubernetes.io/pod-name"]![0]!.GetValue<string>());
    }

    // Kubernetes' bearertoken authenticator splits the header on spaces into at most three parts: the scheme in any
    // case, then a non-empty token; anything after the token is ignored.
    [Theory]
    [InlineData("Bearer token-header-forms", HttpStatusCode.OK)]
    [InlineData("bearer token-header-forms", HttpStatusCode.OK)]
    [InlineData("BEARER token-header-forms trailing words", HttpStatusCode.OK)]
    [InlineData("Bearer  token-header-forms", HttpStatusCode.Unauthorized)]
    [InlineData("Bearer ", HttpStatusCode.Unauthorized)]
    [InlineData("Bearertoken-header-forms", HttpStatusCode.Unauthorized)]
    [InlineData("Basic token-header-forms", HttpStatusCode.Unauthorized)]
    public async Task Authorization_header_is_read_as_kubernetes_reads_it(string header, HttpStatusCode expected)
    {
        fixture.Api.AddToken("token-header-forms", "harriet");
        fixture.Api.Allow("harriet", "list", "pods");

        using var client = KubeconfigCredentials.Read(fixture.Adapter.KubeconfigPath!).CreateClient(fixture.Adapter.SecureUrl, presentClientCertificate: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, PodMetricPath);
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Token_the_api_rejects_is_401_status()
    {
        using var client = fixture.TokenClient("token-nobody-knows");
        using var response = await client.GetAsync(PodMetricPath);

        await AssertStatusAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Denied_user_is_403_status_with_the_review_reason()
    {
        fixture.Api.AddToken("token-dave", "dave");
        fixture.Api.Deny("dave", "list", "pods", "dave is on leave");

        using var client = fixture.TokenClient("token-dave");
        using var response = await client.GetAsync(PodMetricPath);

        var message = await AssertStatusAsync(response, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains("dave is on leave", message);
    }

    [Fact]
    public async Task Failing_access_review_is_403_and_is_not_cached()
    {
        fixture.Api.AddToken("token-erin", "erin");
        fixture.Api.Allow("erin", "list", "pods");
        using var client = fixture.TokenClient("token-erin");
        fixture.Api.AccessReviewFailure = FakeApiFailure.ServerError;
        try
        {
            using var failed = await client.GetAsync(PodMetricPath);
            Assert.StartsWith("authorization check failed: ", await AssertStatusAsync(failed, HttpStatusCode.Forbidden, "Forbidden"));
        }
        finally
        {
            fixture.Api.AccessReviewFailure = FakeApiFailure.None;
        }

        using var recovered = await client.GetAsync(PodMetricPath);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Failing_token_review_is_401_and_is_not_cached()
    {
        fixture.Api.AddToken("token-grace", "grace");
        fixture.Api.Allow("grace", "list", "pods");
        using var client = fixture.TokenClient("token-grace");
        fixture.Api.TokenReviewFailure = FakeApiFailure.ServerError;
        try
        {
            using var failed = await client.GetAsync(PodMetricPath);
            await AssertStatusAsync(failed, HttpStatusCode.Unauthorized, "Unauthorized");
        }
        finally
        {
            fixture.Api.TokenReviewFailure = FakeApiFailure.None;
        }

        using var recovered = await client.GetAsync(PodMetricPath);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    // The live page is a set of non-resource paths, reviewed as such: RBAC's nonResourceURLs decide who reads it.
    [Fact]
    public async Task The_live_page_and_its_data_are_for_users_allowed_their_paths()
    {
        fixture.Api.AddToken("token-ivan", "ivan");
        foreach (var path in new[] { "/ui", "/ui/ui.js", "/ui/ui.css", "/debug/workloads", "/debug/history" }) fixture.Api.Allow("ivan", "get", path);
        fixture.Api.AddToken("token-judy", "judy");
        fixture.Api.Allow("judy", "list", "pods");

        using var ivan = fixture.TokenClient("token-ivan");
        using var judy = fixture.TokenClient("token-judy");
        foreach (var path in new[] { "/ui", "/ui/ui.js", "/ui/ui.css", "/debug/workloads", "/debug/history" })
        {
            using var allowed = await ivan.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            using var forbidden = await judy.GetAsync(path);
            await AssertStatusAsync(forbidden, HttpStatusCode.Forbidden, "Forbidden");
        }
        var page = fixture.Api.AccessReviewSpecs.Last(s => s["user"]!.GetValue<string>() == "ivan" && s["nonResourceAttributes"]?["path"]?.GetValue<string>() == "/ui");
        Assert.Equal("get", page["nonResourceAttributes"]!["verb"]!.GetValue<string>());
    }

    [Fact]
    public async Task Demo_client_certificate_is_system_masters_and_asks_nothing()
    {
        var (tokenReviews, accessReviews) = (fixture.Api.TokenReviews, fixture.Api.AccessReviews);

        using var client = fixture.CertificateClient();
        using var response = await client.GetAsync(PodMetricPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((tokenReviews, accessReviews), (fixture.Api.TokenReviews, fixture.Api.AccessReviews));
    }

    [Fact]
    public async Task Trusted_client_certificate_wins_over_a_bearer_token()
    {
        var tokenReviews = fixture.Api.TokenReviews;

        using var client = fixture.TokenClient("token-nobody-knows-either", withCertificate: true);
        using var response = await client.GetAsync(PodMetricPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tokenReviews, fixture.Api.TokenReviews);
    }

    [Fact]
    public async Task Kubectl_with_a_reviewed_token_gets_the_metrics()
    {
        fixture.Api.AddToken("token-frank", "frank");
        fixture.Api.Allow("frank", "list", "pods");

        var result = await Kubectl.Kubectl.RunWithAsync(fixture.TokenlessKubeconfig, "--token=token-frank", "get", "--raw", PodMetricPath);

        Assert.Equal("MetricValueList", result.Json().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Kubectl_with_a_token_the_api_rejects_is_unauthorized()
    {
        var result = await Kubectl.Kubectl.RunWithAsync(fixture.TokenlessKubeconfig, "--token=token-rejected-by-the-api", "get", "--raw", PodMetricPath);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr);
    }

    [Fact]
    public async Task Kubectl_as_a_user_without_access_is_forbidden()
    {
        fixture.Api.AddToken("token-heidi", "heidi");

        var result = await Kubectl.Kubectl.RunWithAsync(fixture.TokenlessKubeconfig, "--token=token-heidi", "get", "--raw", PodMetricPath);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Forbidden", result.Stderr);
        Assert.Contains($"user \"heidi\" cannot list resource \"pods/headroom_queue_depth\"", result.Stderr);
    }

    private static async Task<string> AssertStatusAsync(HttpResponseMessage response, HttpStatusCode code, string reason)
    {
        Assert.Equal(code, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal(reason, status.GetProperty("reason").GetString());
        return status.GetProperty("message").GetString()!;
    }
}
