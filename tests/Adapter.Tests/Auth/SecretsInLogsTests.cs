using System.Net;
using System.Net.Http.Headers;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Kubectl;
using Headroom.Adapter.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Auth;

/// <summary>
/// Everything the running adapter logs, at every level and from every category (Kestrel and ASP.NET Core
/// included), while bearer tokens are reviewed, refused, denied and fail review: no token, no credential of
/// the adapter's own and no private key may appear.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private const string MetricPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth?labelSelector=app%3Dchat";
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-secret-logs-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private FakeKubernetesApi _api = null!;
    private RunningAdapter _adapter = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_directory);
        _adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Demo(_directory) with
        {
            AuthenticationKubeconfig = _api.KubeconfigPath,
            AuthorizationKubeconfig = _api.KubeconfigPath,
        }, logging: b => b.AddProvider(_logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
    }

    private async Task<HttpStatusCode> GetWithTokenAsync(string token)
    {
        using var client = KubeconfigCredentials.Read(_adapter.KubeconfigPath!).CreateClient(_adapter.SecureUrl, presentClientCertificate: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(MetricPath);
        return response.StatusCode;
    }

    [Fact]
    public async Task No_token_credential_or_key_is_logged_whatever_happens_to_the_request()
    {
        var tokens = new[] { "tok-allowed-5b1f0c", "tok-denied-9e44d2", "tok-unknown-77aa10", "tok-review-fails-c3d9", "tok-access-fails-0f6e" };
        _api.AddToken(tokens[0], "ann");
        _api.Allow("ann", "list", "pods");
        _api.AddToken(tokens[1], "ben");
        _api.Deny("ben", "list", "pods", "ben may not");
        _api.AddToken(tokens[4], "cat");

        var allowed = await GetWithTokenAsync(tokens[0]);
        Assert.True(allowed is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"allowed user got {allowed}");
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithTokenAsync(tokens[1]));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithTokenAsync(tokens[2]));
        _api.TokenReviewFailure = FakeApiFailure.ServerError;
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithTokenAsync(tokens[3]));
        _api.TokenReviewFailure = FakeApiFailure.None;
        _api.AccessReviewFailure = FakeApiFailure.ServerError;
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithTokenAsync(tokens[4]));
        _api.AccessReviewFailure = FakeApiFailure.None;

        var lines = _logs.Lines;
        // The capture works and saw the failures, so its silence about secrets means something.
        Assert.Contains(lines, l => l.Text.Contains("TokenReview failed"));
        Assert.Contains(lines, l => l.Text.Contains("SubjectAccessReview for cat failed"));
        Assert.Contains(lines, l => l.Level <= LogLevel.Debug);
        var demo = KubeconfigCredentials.Read(_adapter.KubeconfigPath!);
        var secrets = tokens.Append(FakeKubernetesApi.AdapterCredential).Append("PRIVATE KEY")
            .Append(demo.ClientKeyPem.Split('\n')[1]);
        foreach (var (level, text) in lines)
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{level} log line holds a secret: {text}");
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
