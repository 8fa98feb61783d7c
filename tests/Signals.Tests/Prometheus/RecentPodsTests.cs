using Headroom.Signals.Configuration;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Prometheus;

/// <summary>
/// A pod whose series vanish from Prometheus (lost data, or not scraped again yet after an outage) stays for a grace
/// period with no readings, so workload sums are missing rather than short. Prometheus is played by
/// <see cref="PrometheusApiStandIn"/>.
/// </summary>
public sealed class RecentPodsTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Dcgm = false, SeriesLabels = new Dictionary<string, string> { ["job"] = "chat" } };
    private static readonly PrometheusOptions Options = new(new Uri("http://prometheus.test/"), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), "pod", "namespace");

    [Fact]
    public async Task A_pod_whose_series_vanish_stays_without_readings_for_the_lookback_then_goes()
    {
        var prometheus = new PrometheusApiStandIn { Pods = ["chat-a", "chat-b"] };
        var time = new ManualTimeProvider();
        var source = new PrometheusSource(new PrometheusClient(new HttpClient(prometheus), Options, time), Options, time);

        var both = await source.ObserveAsync(Chat, CancellationToken.None);
        Assert.Equal(["chat-a", "chat-b"], both.Pods.Select(p => p.Name));
        Assert.Equal(4, both.Pods[1].Engine.RequestsWaiting);

        prometheus.Pods = ["chat-a"];
        time.Advance(TimeSpan.FromSeconds(10));
        var lost = await source.ObserveAsync(Chat, CancellationToken.None);
        Assert.Equal(["chat-a", "chat-b"], lost.Pods.Select(p => p.Name));
        Assert.Equal(4, lost.Pods[0].Engine.RequestsWaiting);
        Assert.True(lost.Pods[1].Ready);
        Assert.Equal(new EngineReading(null, null, null, null, null, null), lost.Pods[1].Engine);

        time.Advance(TimeSpan.FromSeconds(25));
        var gone = await source.ObserveAsync(Chat, CancellationToken.None);
        Assert.Equal(["chat-a"], gone.Pods.Select(p => p.Name));
    }

    [Fact]
    public async Task A_pod_that_comes_back_is_read_again()
    {
        var prometheus = new PrometheusApiStandIn { Pods = ["chat-a", "chat-b"] };
        var time = new ManualTimeProvider();
        var source = new PrometheusSource(new PrometheusClient(new HttpClient(prometheus), Options, time), Options, time);
        await source.ObserveAsync(Chat, CancellationToken.None);
        prometheus.Pods = ["chat-a"];
        time.Advance(TimeSpan.FromSeconds(5));
        await source.ObserveAsync(Chat, CancellationToken.None);

        prometheus.Pods = ["chat-a", "chat-b"];
        time.Advance(TimeSpan.FromSeconds(5));
        var back = await source.ObserveAsync(Chat, CancellationToken.None);
        Assert.All(back.Pods, p => Assert.Equal(4, p.Engine.RequestsWaiting));
    }
}
