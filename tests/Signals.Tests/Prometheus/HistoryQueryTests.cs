using System.Net;
using System.Text;
using Headroom.Signals.Configuration;
using Headroom.Signals.Sources.Prometheus;

namespace Headroom.Signals.Tests.Prometheus;

/// <summary>
/// Range queries that load demand history run under their own timeout and circuit breaker: a load slower than the
/// live query timeout still succeeds, and failing loads do not stop live queries. Prometheus is played by a message
/// handler answering the API's JSON shapes.
/// </summary>
public sealed class HistoryQueryTests
{
    private static readonly PrometheusOptions Options = new(new Uri("http://prometheus.test/"), TimeSpan.FromMilliseconds(200),
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), "pod", "namespace")
    { HistoryTimeout = TimeSpan.FromSeconds(5) };

    private sealed class PrometheusStandIn : HttpMessageHandler
    {
        public TimeSpan RangeDelay { get; set; }
        public bool RangeFails { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var range = request.RequestUri!.AbsolutePath.EndsWith("query_range", StringComparison.Ordinal);
            if (range)
            {
                await Task.Delay(RangeDelay, cancellationToken);
                if (RangeFails) return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("overloaded") };
            }
            var result = range
                ? """{"resultType":"matrix","result":[{"metric":{},"values":[[60,"5"],[120,"6"]]}]}"""
                : """{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1,"4"]}]}""";
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"status\":\"success\",\"data\":" + result + "}", Encoding.UTF8, "application/json"),
            };
        }
    }

    [Fact]
    public async Task A_history_load_slower_than_the_live_timeout_succeeds()
    {
        var prometheus = new PrometheusStandIn { RangeDelay = TimeSpan.FromMilliseconds(600) };
        var client = new PrometheusClient(new HttpClient(prometheus), Options, TimeProvider.System);

        var series = await client.QueryRangeAsync("sum(rate(x[1m]))", DateTimeOffset.FromUnixTimeSeconds(60), DateTimeOffset.FromUnixTimeSeconds(120), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal([5.0, 6.0], Assert.Single(series).Values.Select(v => v.Value));
    }

    [Fact]
    public async Task Failing_history_loads_leave_live_queries_working()
    {
        var prometheus = new PrometheusStandIn { RangeFails = true };
        var client = new PrometheusClient(new HttpClient(prometheus), Options, TimeProvider.System);

        // Enough failures to open a breaker (half of at least four attempts failing).
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<PrometheusException>(() => client.QueryRangeAsync("sum(rate(x[1m]))",
                DateTimeOffset.FromUnixTimeSeconds(60), DateTimeOffset.FromUnixTimeSeconds(120), TimeSpan.FromMinutes(1), CancellationToken.None));
        var broken = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryRangeAsync("sum(rate(x[1m]))",
            DateTimeOffset.FromUnixTimeSeconds(60), DateTimeOffset.FromUnixTimeSeconds(120), TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Contains("circuit", broken.Message);

        var live = await client.QueryAsync("vllm:num_requests_waiting", null, CancellationToken.None);

        Assert.Equal(4, Assert.Single(live).Value);
    }
}
