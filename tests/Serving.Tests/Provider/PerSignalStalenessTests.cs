using Headroom.Serving.Provider;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Serving.Tests.Provider;

/// <summary>
/// A source outage: the workload's last-known-good values carry the source's error. Each metric is served until
/// its own staleness bound (signals.staleAfterBySignal, else signals.staleAfter), then answers 503 alone.
/// </summary>
public sealed class PerSignalStalenessTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotStore _store = new();
    private readonly SnapshotMetricsProvider _provider;

    public PerSignalStalenessTests()
    {
        var options = new SignalOptions
        {
            StaleAfter = TimeSpan.FromSeconds(30),
            StaleAfterBySignal = new Dictionary<CatalogMetric, TimeSpan>
            {
                [CatalogMetric.ColdStartSeconds] = TimeSpan.FromMinutes(10),
                [CatalogMetric.QueueDepth] = TimeSpan.FromSeconds(10),
            },
        };
        _provider = new SnapshotMetricsProvider(_store, options, _time);
        var values = new MetricValues();
        values.Set(CatalogMetric.TokenThroughput, 500);
        values.Set(CatalogMetric.QueueDepth, 8);
        values.Set(CatalogMetric.ColdStartSeconds, 180);
        var observedAt = _time.GetUtcNow();
        _store.Publish(new SignalSnapshot(observedAt, [new WorkloadSignals(Chat, observedAt, "Prometheus is unreachable", values, [], null)]));
    }

    private double? Served(string metric)
    {
        try
        {
            return Assert.Single(_provider.GetExternalMetric("llm", LabelSelector.Parse("workload=chat"), metric)).Value;
        }
        catch (MetricsProviderException ex) when (ex.Error == ProviderError.Unavailable)
        {
            Assert.Contains("last error: Prometheus is unreachable", ex.Message);
            return null;
        }
    }

    [Fact]
    public void Each_metric_serves_last_known_good_until_its_own_bound_then_only_it_is_unavailable()
    {
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((500, 8, 180), (Served("headroom_token_throughput"), Served("headroom_queue_depth"), Served("headroom_cold_start_seconds")));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((500, null, 180), (Served("headroom_token_throughput"), Served("headroom_queue_depth"), Served("headroom_cold_start_seconds")));

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal((null, null, 180), (Served("headroom_token_throughput"), Served("headroom_queue_depth"), Served("headroom_cold_start_seconds")));

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal((null, null, null), (Served("headroom_token_throughput"), Served("headroom_queue_depth"), Served("headroom_cold_start_seconds")));
    }

    [Fact]
    public void The_refusal_names_the_metric_and_its_bound()
    {
        _time.Advance(TimeSpan.FromSeconds(11));
        var ex = Assert.Throws<MetricsProviderException>(() => _provider.GetExternalMetric("llm", LabelSelector.Parse("workload=chat"), "headroom_queue_depth"));
        Assert.Equal(ProviderError.Unavailable, ex.Error);
        Assert.Equal("headroom_queue_depth of workload llm/chat is 11s old, beyond its 10s staleness bound; last error: Prometheus is unreachable", ex.Message);
    }
}
