using System.Globalization;
using Headroom.Signals.Configuration;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Prometheus;

/// <summary>Where queries go, and at what instant they are evaluated.</summary>
public sealed class PrometheusAddressTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Dcgm = false };

    [Theory]
    [InlineData("http://prometheus.test/monitoring/prometheus")]
    [InlineData("http://prometheus.test/monitoring/prometheus/")]
    public async Task A_path_prefix_is_kept_with_or_without_a_trailing_slash(string url)
    {
        var prometheus = new PrometheusApiStandIn { Pods = ["chat-a"] };
        var options = new PrometheusOptions(new Uri(url), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), "pod", "namespace");
        var time = new ManualTimeProvider();
        var source = new PrometheusSource(new PrometheusClient(new HttpClient(prometheus), options, time), options, time);

        await source.ObserveAsync(Chat, CancellationToken.None);

        Assert.NotEmpty(prometheus.Requests);
        Assert.All(prometheus.Requests, r => Assert.Equal("/monitoring/prometheus/api/v1/query", r.Url.AbsolutePath));
    }

    [Fact]
    public async Task Every_query_of_a_cycle_is_evaluated_at_the_observation_time_however_long_the_cycle_takes()
    {
        var prometheus = new PrometheusApiStandIn { Pods = ["chat-a"] };
        var options = new PrometheusOptions(new Uri("http://prometheus.test/"), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), "pod", "namespace");
        var time = new ManualTimeProvider();
        var source = new PrometheusSource(new PrometheusClient(new HttpClient(prometheus), options, time), options, time);

        var observation = await source.ObserveAsync(Chat, CancellationToken.None);

        var at = ((observation.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond).ToString("R", CultureInfo.InvariantCulture);
        Assert.NotEmpty(prometheus.Requests);
        Assert.All(prometheus.Requests, r => Assert.Contains($"time={Uri.EscapeDataString(at)}", r.Form));
    }
}
