using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>Token rates through the whole pipeline: two pods generating 100 and 300 tokens per second.</summary>
public class SignalPipelineRateTests
{
    private const string Chat = "chat";
    private readonly PipelineRig _rig = new(new SignalOptions(), new WorkloadSpec { Name = Chat, Namespace = "ml" });

    // Counter of a pod generating at a constant rate, at cycle k (2 s apart).
    private static double Counter(double perSecond, int cycle) => perSecond * 2 * cycle;

    private Task<WorkloadSignals> TwoPods(int cycle, bool bReady = true) => _rig.CycleAsync(Chat, null,
        Pod("a", Counter(100, cycle), prompt: Counter(10, cycle)),
        Pod("b", Counter(300, cycle), prompt: Counter(30, cycle), ready: bReady));

    private static double? Of(WorkloadSignals w, string pod, CatalogMetric metric) =>
        w.Pods.Single(p => p.Name == pod).Values[metric];

    [Fact]
    public async Task Constant_rates_sum_exactly_from_the_first_rate_and_each_pod_shows_its_own()
    {
        var first = await TwoPods(0);
        Assert.Null(first.Values[CatalogMetric.TokenThroughput]);

        for (var cycle = 1; cycle <= 4; cycle++)
        {
            var w = await TwoPods(cycle);

            Assert.Equal(400, w.Values[CatalogMetric.TokenThroughput]!.Value, 9);
            Assert.Equal(40, w.Values[CatalogMetric.PromptThroughput]!.Value, 9);
            Assert.Equal(100, Of(w, "a", CatalogMetric.TokenThroughput)!.Value, 9);
            Assert.Equal(300, Of(w, "b", CatalogMetric.TokenThroughput)!.Value, 9);
            Assert.Equal(30, Of(w, "b", CatalogMetric.PromptThroughput)!.Value, 9);
        }
    }

    [Fact]
    public async Task A_counter_reset_counts_from_zero_and_is_smoothed_like_any_rate()
    {
        await TwoPods(0);
        await TwoPods(1);
        await TwoPods(2);

        // Pod a restarted: its counter went from 400 to 50, so it counted 50 in 2 s, a rate of 25.
        var w = await _rig.CycleAsync(Chat, null, Pod("a", 50, prompt: Counter(10, 3)), Pod("b", Counter(300, 3), prompt: Counter(30, 3)));

        var expectedA = 100 + (1 - Math.Exp(-2.0 / 10)) * (25 - 100);
        Assert.Equal(expectedA, Of(w, "a", CatalogMetric.TokenThroughput)!.Value, 9);
        Assert.Equal(expectedA + 300, w.Values[CatalogMetric.TokenThroughput]!.Value, 9);
        Assert.InRange(Of(w, "a", CatalogMetric.TokenThroughput)!.Value, 25, 100);
    }

    [Fact]
    public async Task A_pod_that_turns_unready_leaves_the_pods_and_the_sums_in_the_same_cycle()
    {
        await TwoPods(0);
        await TwoPods(1);

        var w = await _rig.CycleAsync(Chat, 0,
            Pod("a", Counter(100, 2), waiting: 1, running: 4),
            Pod("b", Counter(300, 2), waiting: 5, running: 8, ready: false));

        Assert.Equal(["a"], w.Pods.Select(p => p.Name));
        Assert.Equal(100, w.Values[CatalogMetric.TokenThroughput]!.Value, 9);
        Assert.Equal(1, w.Values[CatalogMetric.QueueDepth]);
        Assert.Equal(4, w.Values[CatalogMetric.RunningRequests]);
    }

    [Fact]
    public async Task A_new_pod_is_left_out_of_the_sum_for_one_cycle_then_counted()
    {
        await TwoPods(0);
        await TwoPods(1);

        var joined = await _rig.CycleAsync(Chat, null,
            Pod("a", Counter(100, 2)), Pod("b", Counter(300, 2)), Pod("c", 7_000));

        Assert.Equal(["a", "b", "c"], joined.Pods.Select(p => p.Name));
        Assert.Null(Of(joined, "c", CatalogMetric.TokenThroughput));
        Assert.Equal(400, joined.Values[CatalogMetric.TokenThroughput]!.Value, 9);

        var next = await _rig.CycleAsync(Chat, null,
            Pod("a", Counter(100, 3)), Pod("b", Counter(300, 3)), Pod("c", 7_000 + 50 * 2));

        Assert.Equal(50, Of(next, "c", CatalogMetric.TokenThroughput)!.Value, 9);
        Assert.Equal(450, next.Values[CatalogMetric.TokenThroughput]!.Value, 9);
    }

    [Fact]
    public async Task A_pod_whose_counter_is_absent_makes_the_throughput_missing_not_zero()
    {
        await TwoPods(0);
        await TwoPods(1);

        var w = await _rig.CycleAsync(Chat, 0,
            Pod("a", Counter(100, 2), prompt: Counter(10, 2)),
            Pod("b", generation: null, prompt: Counter(30, 2)));

        Assert.Null(w.Values[CatalogMetric.TokenThroughput]);
        Assert.Null(Of(w, "b", CatalogMetric.TokenThroughput));
        Assert.Equal(40, w.Values[CatalogMetric.PromptThroughput]!.Value, 9);
        // Without demand no decision can be made: the HPA holds rather than acting on a made-up number.
        Assert.Null(w.Decision);
        Assert.Null(w.Values[CatalogMetric.DesiredReplicas]);
        Assert.Null(w.Values[CatalogMetric.TokenDemandForecast]);
    }

    [Fact]
    public async Task A_pod_whose_counter_comes_back_is_not_taken_for_a_new_pod()
    {
        await TwoPods(0);
        await TwoPods(1);
        await _rig.CycleAsync(Chat, null, Pod("a", Counter(100, 2)), Pod("b", generation: null));

        // b reports again but has no rate yet: leaving it out would serve a partial sum, 100 instead of about 400.
        var back = await _rig.CycleAsync(Chat, null, Pod("a", Counter(100, 3)), Pod("b", Counter(300, 3)));

        Assert.Null(back.Values[CatalogMetric.TokenThroughput]);
        Assert.Null(back.Decision);

        var next = await _rig.CycleAsync(Chat, null, Pod("a", Counter(100, 4)), Pod("b", Counter(300, 4)));

        Assert.Equal(400, next.Values[CatalogMetric.TokenThroughput]!.Value, 9);
    }

    [Fact]
    public async Task No_ready_pods_means_zero_throughput()
    {
        var w = await _rig.CycleAsync(Chat, 0, Pod("a", 100, ready: false));

        Assert.Empty(w.Pods);
        Assert.Equal(0, w.Values[CatalogMetric.TokenThroughput]);
        Assert.Equal(0, w.Values[CatalogMetric.RunningRequests]);
    }
}
