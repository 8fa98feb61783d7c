using System.Net;
using System.Net.Http.Headers;

namespace Headroom.Bench.Pipeline;

/// <summary>Answers each pod's scrape from memory with the next page variant, so counters move between cycles.</summary>
internal sealed class InMemoryPages(byte[][] pages, IReadOnlyDictionary<string, int> podByIp) : HttpMessageHandler
{
    private readonly int[] _served = new int[podByIp.Count];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pod = podByIp[request.RequestUri!.Host];
        var page = pages[(pod + Interlocked.Increment(ref _served[pod])) % pages.Length];
        var content = new ByteArrayContent(page);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4; charset=utf-8");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
