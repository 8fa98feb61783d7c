using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Kubectl;
using Headroom.Adapter.Tests.Support;

namespace Headroom.Adapter.Tests.Hosting;

/// <summary>
/// Request size and time limits on the HTTPS server: --request-timeout against a kube-apiserver whose
/// TokenReviews are slow, --max-request-body-bytes, and Kestrel's header and request-line limits.
/// After each refusal the server goes on serving.
/// </summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private const string Discovery = "/apis/external.metrics.k8s.io/v1beta1";
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-limits-").FullName;
    private FakeKubernetesApi _api = null!;
    private RunningAdapter _adapter = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_directory);
        _adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Demo(_directory) with
        {
            AuthenticationKubeconfig = _api.KubeconfigPath,
            RequestTimeout = TimeSpan.FromSeconds(1),
            MaxRequestBodyBytes = 1024,
        });
    }

    private HttpClient Client(bool certificate = true) =>
        KubeconfigCredentials.Read(_adapter.KubeconfigPath!).CreateClient(_adapter.SecureUrl, certificate);

    private async Task ServesAsync()
    {
        using var client = Client();
        using var response = await client.GetAsync(Discovery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString()!;

    [Fact]
    public async Task A_request_held_by_a_slow_token_review_gets_a_504_timeout_status_at_the_request_timeout()
    {
        _api.AddToken("token-slow", "slow-sam");
        _api.Latency = TimeSpan.FromSeconds(8);
        using var client = Client(certificate: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token-slow");

        using var response = await client.GetAsync(Discovery);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("Timeout", await ReasonAsync(response));
        await ServesAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_status()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, Discovery) { Content = new ByteArrayContent(new byte[4096]) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", await ReasonAsync(response));
        await ServesAsync();
    }

    [Fact]
    public async Task Oversized_headers_and_request_lines_are_refused()
    {
        using var client = Client();
        using (var request = new HttpRequestMessage(HttpMethod.Get, Discovery))
        {
            request.Headers.Add("X-Padding", new string('a', 40 * 1024));
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }
        using (var response = await client.GetAsync(Discovery + "?labelSelector=" + new string('a', 20 * 1024)))
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        await ServesAsync();
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        var problems = new AdapterOptions { Demo = true, RequestTimeout = TimeSpan.Zero, MaxRequestBodyBytes = -1 }.Validate();

        Assert.Contains("--request-timeout must be more than zero", problems);
        Assert.Contains("--max-request-body-bytes must not be negative", problems);
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
