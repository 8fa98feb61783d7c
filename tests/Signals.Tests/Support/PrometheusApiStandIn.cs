using System.Net;
using System.Text;

namespace Headroom.Signals.Tests.Support;

/// <summary>
/// A stand-in for Prometheus' instant-query endpoint, as a message handler: every vLLM engine query answers one series
/// per pod that Prometheus has, with the value 4, in the API's JSON shape; any other query answers no series.
/// </summary>
public sealed class PrometheusApiStandIn : HttpMessageHandler
{
    /// <summary>The pods whose series Prometheus has now.</summary>
    public string[] Pods { get; set; } = [];

    /// <summary>Every request's URL and form body, oldest first.</summary>
    public List<(Uri Url, string Form)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var query = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add((request.RequestUri!, query));
        var result = query.Contains("vllm", StringComparison.Ordinal)
            ? string.Join(",", Pods.Select(p => $$"""{"metric":{"pod":"{{p}}"},"value":[1,"4"]}"""))
            : "";
        var body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
