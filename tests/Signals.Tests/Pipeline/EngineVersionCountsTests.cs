using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Tests.Pipeline;

public sealed class EngineVersionCountsTests
{
    private static PodReading Pod(string name, string? version, params string[] older) =>
        new(name, new Dictionary<string, string>(), null, true, EngineReading.None) { EngineVersion = version, OlderNames = older };

    [Fact]
    public void Without_a_pod_list_every_pod_is_of_an_unknown_version()
    {
        var counts = new EngineVersionCounts();
        Assert.Equal([new EngineVersionPods("unknown", "current", 2)], counts.Of([Pod("a", null), Pod("b", null)]));
    }

    [Fact]
    public void A_fleet_halfway_through_an_upgrade_is_counted_per_version_and_names()
    {
        var counts = new EngineVersionCounts();
        var first = counts.Of([Pod("a", "v0.10.1"), Pod("b", "v0.8.5", "vllm:gpu_cache_usage_perc"), Pod("c", "v0.10.1")]);
        Assert.Equal([new EngineVersionPods("v0.10.1", "current", 2), new EngineVersionPods("v0.8.5", "older", 1)], first);

        // One version again: the same answer object while nothing changes, a new one when the count does.
        var upgraded = counts.Of([Pod("a", "v0.10.1"), Pod("c", "v0.10.1")]);
        Assert.Same(upgraded, counts.Of([Pod("a", "v0.10.1"), Pod("c", "v0.10.1")]));
        Assert.Equal([new EngineVersionPods("v0.10.1", "current", 3)], counts.Of([Pod("a", "v0.10.1"), Pod("c", "v0.10.1"), Pod("d", "v0.10.1")]));
        Assert.Empty(counts.Of([]));
    }
}
