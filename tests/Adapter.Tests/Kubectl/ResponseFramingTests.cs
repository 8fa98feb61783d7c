using System.Net;

namespace Headroom.Adapter.Tests.Kubectl;

/// <summary>
/// Answers go out whole, with a Content-Length, not chunked: one TLS record and one send per small answer.
/// Checked over HTTP/1.1, where chunking would show.
/// </summary>
[Collection(DemoAdapterCollection.Name)]
public sealed class ResponseFramingTests(DemoAdapterFixture fixture)
{
    [Theory]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth?labelSelector=workload%3Dchat", HttpStatusCode.OK)]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2", HttpStatusCode.OK)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/no_such_metric?labelSelector=workload%3Dchat", HttpStatusCode.NotFound)]
    public async Task Answers_carry_their_length_and_are_not_chunked(string path, HttpStatusCode status)
    {
        using var client = fixture.AuthenticatedClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.True(body.Length > 0);
    }
}
