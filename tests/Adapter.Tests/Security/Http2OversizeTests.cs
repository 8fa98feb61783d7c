using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Headroom.Adapter.Tests.Kubectl;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// The attack: the kube-aggregator multiplexes every user's request onto one HTTP/2 connection, so one request with
/// a huge selector or header must be refused on its own stream and leave the others on that connection running.
/// </summary>
[Collection(DemoAdapterCollection.Name)]
public sealed class Http2OversizeTests(DemoAdapterFixture fixture)
{
    private const string Metric = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth";

    [Fact]
    public async Task Oversized_selector_and_header_get_their_status_while_a_concurrent_stream_on_the_same_connection_completes()
    {
        var connections = 0;
        using var client = Http2Client(() => Interlocked.Increment(ref connections));
        using (var warm = await client.GetAsync("/apis/custom.metrics.k8s.io/v1beta2")) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        using var hugeHeader = new HttpRequestMessage(HttpMethod.Get, Metric + "?labelSelector=app%3Dchat")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        hugeHeader.Headers.Add("X-Padding", new string('a', 70 * 1024));
        var selector = client.GetAsync(Metric + "?labelSelector=app%20in%20(" + string.Join(",", Enumerable.Range(0, 7000).Select(i => $"a{i}")) + ")");
        var header = client.SendAsync(hugeHeader);
        var normal = client.GetAsync(Metric + "?labelSelector=app%3Dchat");
        var responses = await Task.WhenAll(selector, header, normal);

        await AssertStatusAsync(responses[0], HttpStatusCode.RequestUriTooLong);
        await AssertStatusAsync(responses[1], HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Equal(HttpStatusCode.OK, responses[2].StatusCode);
        Assert.All(responses, r => Assert.True(r.Version == HttpVersion.Version20, $"{r.StatusCode} over {r.Version}"));
        using (var after = await client.GetAsync(Metric + "?labelSelector=app%3Dchat")) Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, connections);
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode code)
    {
        Assert.Equal(code, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal((int)code, status.RootElement.GetProperty("code").GetInt32());
    }

    private HttpClient Http2Client(Action connected)
    {
        var credentials = KubeconfigCredentials.Read(fixture.Kubeconfig);
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                connected();
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        handler.SslOptions.ClientCertificates = [credentials.ClientCertificate];
        return new HttpClient(handler)
        {
            BaseAddress = fixture.Adapter.SecureUrl,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
