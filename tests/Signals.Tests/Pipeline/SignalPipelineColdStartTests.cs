using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>Cold start learned from pod lifecycles: the 60 s prior until 5 pods, then the empirical p90.</summary>
public class SignalPipelineColdStartTests
{
    private const string Chat = "chat";
    private static readonly DateTimeOffset Created = new(2024, 12, 31, 23, 0, 0, TimeSpan.Zero);
    private readonly PipelineRig _rig = new(new SignalOptions(),
        new WorkloadSpec { Name = Chat, Namespace = "ml", ColdStartPrior = TimeSpan.FromSeconds(60) });

    private int _cycle;

    // Pod "p{total}" took total seconds to become ready: 10 % scheduling, 30 % image pull, 60 % model load.
    private static PodLifecycle Took(double total) => Lifecycle($"p{total}", Created, total * 0.1, total * 0.3, total * 0.6);

    private async Task<WorkloadSignals> CycleAsync(params PodLifecycle[] lifecycles)
    {
        var cycle = _cycle++;
        _rig.Observe(Chat, 0, lifecycles, Pod("a", 100.0 * 2 * cycle), Pod("b", 300.0 * 2 * cycle));
        var result = await _rig.CycleAsync();
        return result.Snapshot.Workloads.Single();
    }

    [Fact]
    public async Task Cold_start_switches_from_the_prior_to_the_empirical_p90_after_five_pods()
    {
        var w = await CycleAsync(Took(10), Took(20), Took(30), Took(40));
        Assert.Equal(60, w.Values[CatalogMetric.ColdStartSeconds]);

        // The same four again, one still starting and one with phases out of order: none of them is a new sample.
        var starting = new PodLifecycle("starting", Created, Created.AddSeconds(1), Created.AddSeconds(2), null, null);
        var skewed = new PodLifecycle("skewed", Created, Created.AddSeconds(5), Created.AddSeconds(3), Created.AddSeconds(9), Created.AddSeconds(9));
        w = await CycleAsync(Took(10), Took(20), Took(30), Took(40), starting, skewed);
        Assert.Equal(60, w.Values[CatalogMetric.ColdStartSeconds]);
        Assert.Equal(60 + 15 + 2, w.Decision!.LeadTimeSeconds, 9);

        // Fifth pod: with five samples, R-8's p90 is the largest (0.9 >= (5 - 1/3) / (5 + 1/3)).
        w = await CycleAsync(Took(50));
        Assert.Equal(50, w.Values[CatalogMetric.ColdStartSeconds]!.Value, 6);
        Assert.Equal(50 + 15 + 2, w.Decision!.LeadTimeSeconds, 6);

        // Ten pods, 10..100 s: R-8 p90 at h = (10 + 1/3) * 0.9 + 1/3 = 9.6333, so 90 + 0.6333 * 10.
        w = await CycleAsync(Took(60), Took(70), Took(80), Took(90), Took(100));
        Assert.Equal(96.333333, w.Values[CatalogMetric.ColdStartSeconds]!.Value, 5);
        Assert.Equal(96.333333 + 17, w.Decision!.LeadTimeSeconds, 5);
    }

    [Fact]
    public async Task Each_cold_start_is_reported_once_with_the_observation_that_first_shows_it()
    {
        Assert.Equal([10.0, 20.0], (await CycleAsync(Took(10), Took(20))).ColdStartsLearned);
        Assert.Equal([30.0], (await CycleAsync(Took(10), Took(20), Took(30))).ColdStartsLearned);

        // A failed observation keeps the last values but reports no start-up again.
        _rig.Source.ThenFail(Chat, "scrape failed");
        var failed = (await _rig.CycleAsync()).Snapshot.Workloads.Single();
        Assert.NotNull(failed.LastError);
        Assert.Empty(failed.ColdStartsLearned);
        Assert.Empty((await CycleAsync(Took(30))).ColdStartsLearned);
    }

    [Fact]
    public async Task A_pod_seen_again_with_a_different_timeline_is_not_counted_twice()
    {
        await CycleAsync(Took(10), Took(20), Took(30), Took(40));

        // p40 again but now claiming 400 s; then a genuine fifth pod.
        var w = await CycleAsync(Lifecycle("p40", Created, 40, 160, 200), Took(50));

        Assert.Equal(50, w.Values[CatalogMetric.ColdStartSeconds]!.Value, 6);
    }

    [Fact]
    public async Task Every_pod_shows_the_workload_cold_start()
    {
        var w = await CycleAsync(Took(10), Took(20), Took(30), Took(40), Took(50));

        Assert.All(w.Pods, p => Assert.Equal(50, p.Values[CatalogMetric.ColdStartSeconds]!.Value, 6));
    }
}
