using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Planning;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// The desired-replicas decision through the pipeline. Capacity prior: 10,000 prompt tokens/s of prefill, 1,000
/// generated tokens/s of decode and 100,000 KV tokens per replica; objective 2 s for 99% of requests; 60 s cold-start
/// prior, so the lead time is 60 + 15 + 2 = 77 s, and with no extra scale-down stabilization the window is that lead
/// time. Per-pod smoothing is off, so each cycle's rates are exact. Cycles are 2 s apart.
/// </summary>
public class SignalPipelineReplicaTests
{
    private const string Chat = "chat";
    private static readonly WorkloadSpec Spec = new()
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 1000,
        PrefillTokensPerSecondPerReplica = 10_000,
        KvCacheTokensPerReplica = 100_000,
        ColdStartPrior = TimeSpan.FromSeconds(60),
        QueueDrainTarget = TimeSpan.FromSeconds(32),
        ScaleDownStabilization = TimeSpan.Zero,
    };

    private static readonly SignalOptions Options = new() { SmoothingWindow = TimeSpan.Zero };

    private static PipelineRig Rig(WorkloadSpec? spec = null) => new(Options, spec ?? Spec);

    // A pod that served perSecond generated and promptPerSecond prompt tokens over each 2 s cycle so far.
    private static PodReading Serving(string name, int cycle, double perSecond, double promptPerSecond, double running = 4, double kv = 0.1,
        double waiting = 0, double? duty = null) =>
        Pod(name, perSecond * 2 * cycle, promptPerSecond * 2 * cycle, waiting, running, kv, duty);

    private static async Task<WorkloadSignals> Steady(PipelineRig rig, int cycles, double perPod, double promptPerPod, int from = 0)
    {
        WorkloadSignals w = null!;
        for (var cycle = from; cycle < from + cycles; cycle++)
            w = await rig.CycleAsync(Chat, null, Serving("a", cycle, perPod, promptPerPod), Serving("b", cycle, perPod, promptPerPod));
        return w;
    }

    [Fact]
    public async Task Steady_demand_is_sized_in_every_dimension_and_the_decision_names_what_bound_it()
    {
        var w = await Steady(Rig(), 6, perPod: 200, promptPerPod: 2000);

        var d = w.Decision!;
        Assert.Equal(2, d.ReadyReplicas);
        Assert.Equal(0, d.StartingReplicas);
        Assert.Equal(4000, d.PromptDemand, 6);
        Assert.Equal(400, d.Demand, 6);
        // KV in use: 0.1 + 0.1 of 100,000 tokens; per running request 20,000 / 8 = 2,500 prompt tokens. A steady
        // prompt rate has no variance around its level, so the dispersion is its floor, twice the mean prompt.
        Assert.Equal(20_000, d.KvTokensInUse, 6);
        Assert.Equal(5_000, d.PromptDispersion, 6);
        Assert.Equal(1, d.ForCompute); // ceil(4000 / 10,000 + 400 / 1000): 0.8 of one replica's GPU time
        Assert.Equal(1, d.ForDecode);  // ceil(400 / (0.8 × 1000))
        Assert.Equal(1, d.ForKvCache); // ceil(20,000 / (0.85 × 100,000))
        Assert.Equal(0, d.ForQueue);
        Assert.Equal(ReplicaSizing.PrefillReplicas(4000, 5000, 2500, Spec.CapacityPrior,
            new ServiceObjective(TimeSpan.FromSeconds(2), 1 - 0.01 * ReplicaPlanner.MissBudgetShare)), d.ForPrefill);
        Assert.Equal(Math.Max(Math.Max(d.ForPrefill, d.ForCompute), Math.Max(d.ForDecode, d.ForKvCache)), d.Needed);
        // Early in the first lead time the two replicas that were there at the start are still held: there is no history yet.
        Assert.Equal(2, d.Held);
        Assert.Equal(Math.Max(d.Needed, 2), d.Desired);
        Assert.Equal(d.Desired, w.Values[CatalogMetric.DesiredReplicas]);
        Assert.Equal("last-value", d.ForecastModel);
        Assert.Equal(77, d.LeadTimeSeconds, 9);
        Assert.Contains(d.BoundBy, new[] { "prefill", "decode", "kv-cache", "held" });
    }

    [Fact]
    public async Task Prompt_heavy_load_asks_for_more_replicas_than_the_same_output_with_short_prompts()
    {
        var light = (await Steady(Rig(), 6, perPod: 200, promptPerPod: 2000)).Decision!;
        var heavy = (await Steady(Rig(), 6, perPod: 200, promptPerPod: 20_000)).Decision!;

        Assert.Equal(light.Demand, heavy.Demand, 6);
        Assert.True(heavy.Desired > light.Desired, $"heavy {heavy.Desired} <= light {light.Desired}");
        // 40,000 prompt tokens/s is four replicas of prefill at least, at the 95% ceiling five.
        Assert.True(heavy.ForPrefill >= 5, $"prefill replicas {heavy.ForPrefill}");
        Assert.Equal("prefill", heavy.BoundBy);
        Assert.Equal(1, heavy.ForDecode);
    }

    [Fact]
    public async Task No_decision_before_the_first_rate()
    {
        var w = await Rig().CycleAsync(Chat, 4, Pod("a", 0), Pod("b", 0));

        Assert.Null(w.Decision);
        Assert.Null(w.Values[CatalogMetric.DesiredReplicas]);
    }

    [Fact]
    public async Task An_idle_workload_lets_the_replicas_found_at_the_start_go_over_a_lead_time_then_desires_none()
    {
        var rig = Rig();
        var decisions = new List<ReplicaDecision>();
        for (var cycle = 0; cycle < 45; cycle++)
        {
            var w = await rig.CycleAsync(Chat, 0, Pod("a", 500, 900), Pod("b", 900, 900));
            if (w.Decision is { } d) decisions.Add(d);
        }

        // The first decision is 2 s in; the floor the start's two replicas set falls linearly to none over the 77 s
        // lead time after it: two for the first half, one for the second.
        for (var i = 0; i < 38; i++)
        {
            var floor = (int)Math.Ceiling(2 * (1 - 2.0 * i / 77) - 1e-9);
            Assert.Equal((0, floor, "held"), (decisions[i].Needed, decisions[i].Desired, decisions[i].BoundBy));
        }
        Assert.Contains(decisions, d => d.Desired == 1);
        var last = decisions[^1];
        Assert.Equal(0, last.Desired);
        Assert.Equal("idle", last.BoundBy);
    }

    [Fact]
    public async Task Requests_piling_up_in_the_engines_add_their_prompts_to_demand()
    {
        var rig = Rig();
        await Steady(rig, 2, 200, 2000);

        // Prompt throughput is flat, but 20 more requests are in the engines than 2 s ago: 10 requests/s that were
        // not served, each holding 2,500 KV tokens (0.25 + 0.25 of 100,000 over 20 running).
        var w = await rig.CycleAsync(Chat, null, Serving("a", 2, 200, 2000, running: 10, kv: 0.25, waiting: 4),
            Serving("b", 2, 200, 2000, running: 10, kv: 0.25, waiting: 4));

        var d = w.Decision!;
        Assert.Equal(4000 + 10 * 2500, d.PromptDemand, 6);
        // Waiting grew by 8 in 2 s: 4 requests/s of 256 generated tokens each.
        Assert.Equal(400 + 4 * 256, d.Demand, 6);
        Assert.Equal(8 * 2500, d.QueueTokens, 6);
        Assert.Equal((int)Math.Ceiling((d.PromptDemand + 8 * 2500 / 32.0) / 10_000 - 1e-9), d.ForQueue);
    }

    [Fact]
    public async Task A_pod_that_leaves_takes_none_of_its_requests_off_demand_and_a_new_one_brings_its_own()
    {
        var rig = Rig();
        await Steady(rig, 3, 200, 2000);

        // Pod b (4 running) is gone: what it held leaves with it, not as a backlog the rest of the fleet drained.
        var w = await rig.CycleAsync(Chat, null, Serving("a", 3, 200, 2000));
        Assert.Equal(2000, w.Decision!.PromptDemand, 6);

        // Pod c is new, with 6 requests routed to it since it became ready; it has no rate yet, so its prompts are
        // not in what was served, and the 6 requests (3/s at 2,500 KV tokens each, as pod a holds) stand for them.
        w = await rig.CycleAsync(Chat, null, Serving("a", 4, 200, 2000), Serving("c", 1, 200, 2000, running: 6, kv: 0.15));
        Assert.Equal(2000 + 3 * 2500, w.Decision!.PromptDemand, 6);
    }

    [Fact]
    public async Task A_batch_that_just_finished_does_not_make_the_request_left_look_large()
    {
        // Smoothing on, as deployed: the smoothed KV use still holds a batch a cycle after it has finished.
        var rig = new PipelineRig(new SignalOptions { SmoothingWindow = TimeSpan.FromSeconds(30) }, Spec);
        // 40 requests of 2,000 KV tokens each (80% of 100,000) on each of two pods, for five minutes.
        for (var cycle = 0; cycle < 150; cycle++)
            await rig.CycleAsync(Chat, null, Serving("a", cycle, 200, 2000, running: 40, kv: 0.8), Serving("b", cycle, 200, 2000, running: 40, kv: 0.8));

        // The batches finish: one request of 2,000 tokens left on each pod, and 10 waiting behind them.
        var d = (await rig.CycleAsync(Chat, null, Serving("a", 150, 200, 2000, running: 1, kv: 0.02, waiting: 5),
            Serving("b", 150, 200, 2000, running: 1, kv: 0.02, waiting: 5))).Decision!;

        // Read against the smoothed 75% still shown, each request left would have held ~75,000 tokens.
        Assert.Equal(10 * 2000, d.QueueTokens, 20_000 * 0.01);
    }

    [Fact]
    public async Task A_pod_that_is_still_loading_never_lowers_the_desired_count()
    {
        var rig = Rig();
        var before = (await Steady(rig, 10, 300, 6000)).Decision!;

        // A third pod is created: not ready, it reports nothing; then it turns ready, with no rate on its first reading.
        var starting = (await rig.CycleAsync(Chat, null, Serving("a", 10, 300, 6000), Serving("b", 10, 300, 6000),
            Pod("c", null, ready: false))).Decision!;
        var first = (await rig.CycleAsync(Chat, null, Serving("a", 11, 300, 6000), Serving("b", 11, 300, 6000),
            Pod("c", 0, 0))).Decision!;

        Assert.Equal(1, starting.StartingReplicas);
        Assert.Equal(2, starting.ReadyReplicas);
        Assert.True(starting.Desired >= before.Desired, $"{starting.Desired} < {before.Desired} while a pod loads");
        Assert.Equal(3, first.ReadyReplicas);
        Assert.True(first.Desired >= before.Desired, $"{first.Desired} < {before.Desired} on the new pod's first reading");
        Assert.Equal(before.PromptDemand, first.PromptDemand, 6);
    }

    [Fact]
    public async Task A_need_sized_on_less_than_a_smoothing_window_of_demand_is_acted_on_but_not_held()
    {
        var rig = new PipelineRig(new SignalOptions { SmoothingWindow = TimeSpan.FromSeconds(10) }, Spec);
        // One cycle of 20,000 prompt tokens/s a pod, then 2,000: the first decision is sized on that one cycle alone.
        await rig.CycleAsync(Chat, null, Serving("a", 0, 200, 20_000), Serving("b", 0, 200, 20_000));
        var first = (await rig.CycleAsync(Chat, null, Serving("a", 1, 200, 20_000), Serving("b", 1, 200, 20_000))).Decision!;
        var later = new List<ReplicaDecision>();
        double a = 2 * 200, pa = 2 * 20_000;
        for (var cycle = 0; cycle < 20; cycle++)
        {
            a += 2 * 200;
            pa += 2 * 2_000;
            later.Add((await rig.CycleAsync(Chat, null, Pod("a", a, pa, running: 4, kvCache: 0.1), Pod("b", a, pa, running: 4, kvCache: 0.1))).Decision!);
        }

        // The first cycles scale up at once (11 replicas for 40,000 prompt tokens/s); what they needed is not kept for
        // the 77 s window, so as the smoothed demand comes down, so does the decision. The window still holds, but only
        // what the cycles from one smoothing window in kept (5): the first need held would have kept 11 throughout.
        Assert.True(first.Desired >= 8, $"first {first.Desired}");
        Assert.All(later.Skip(4), d => Assert.True(2 * d.Desired <= first.Desired, $"{d.Desired} against {first.Desired} at first"));
        Assert.Equal("held", later[^1].BoundBy);
        Assert.True(later[^1].Desired > later[^1].Needed, $"{later[^1].Desired} held for {later[^1].Needed} needed");
    }

    [Fact]
    public async Task Scale_down_waits_out_the_stabilization_window_and_says_it_is_holding()
    {
        var rig = Rig();
        var peak = (await Steady(rig, 5, perPod: 200, promptPerPod: 20_000)).Decision!;
        Assert.True(peak.Desired >= 5, $"peak {peak.Desired}"); // 40,000 prompt tokens/s over 10,000 per replica

        // Prompts drop to a tenth; for the 77 s window the peak is held, then it is let go as the onsets of the last
        // lead time (the peak among them) leave memory.
        double a = 2 * 200 * 4, b = a, pa = 2 * 20_000 * 4, pb = pa;
        var held = new List<ReplicaDecision>();
        for (var cycle = 0; cycle < 200; cycle++)
        {
            a += 2 * 200; b += 2 * 200; pa += 2 * 2000; pb += 2 * 2000;
            held.Add((await rig.CycleAsync(Chat, null, Pod("a", a, pa, running: 4, kvCache: 0.1), Pod("b", b, pb, running: 4, kvCache: 0.1))).Decision!);
        }
        // Cycles 0..36 end within 77 s of the last peak cycle (38 cycles of 2 s = 76 s).
        Assert.All(held.Take(37), d => Assert.Equal(peak.Desired, d.Desired));
        Assert.All(held.Take(37).Skip(1), d => Assert.Equal("held", d.BoundBy));
        Assert.All(held.Skip(37).Zip(held.Skip(38)), pair => Assert.True(pair.Second.Desired <= pair.First.Desired, "a scale-down never turns back up"));
        Assert.True(held[^1].Desired < peak.Desired, $"still {held[^1].Desired}");
        Assert.Equal(held[^1].Needed, held[^1].Desired);
        Assert.NotEqual("held", held[^1].BoundBy);
        // Right after the drop, the last lead time's prompt work (the peak among it) is what an onset would bring.
        Assert.True(held[0].OnsetPromptDemand > held[0].PromptDemand, $"{held[0].OnsetPromptDemand} vs {held[0].PromptDemand}");
        Assert.Equal(held[^1].PromptDemand, held[^1].OnsetPromptDemand, 1e-6 * held[^1].PromptDemand);
        // Minutes in, with the prompt size read from KV, the decision names the arrival noise its prompt demand was judged by.
        Assert.Equal(0, held[0].PromptArrivalNoise);
        Assert.True(held[^1].PromptArrivalNoise > 0, $"{held[^1].PromptArrivalNoise}");
        // While the peak is within the last lead time, what is needed is for its onset; once it has left, for now.
        Assert.All(held.Take(30), d => Assert.Equal(NeededFor.Onset, d.NeededFor));
        Assert.Equal(NeededFor.Now, held[^1].NeededFor);
    }

    [Fact]
    public async Task Steady_noisy_demand_changes_direction_at_most_once_per_cold_start()
    {
        var rig = Rig();
        var random = new Random(7);
        double a = 0, b = 0, pa = 0, pb = 0;
        var desired = new List<(double At, int Desired)>();
        for (var cycle = 0; cycle < 900; cycle++)
        {
            // 1,500 generated and 15,000 prompt tokens/s per pod, each ±20% at random every cycle.
            double Noisy(double level) => level * (0.8 + 0.4 * random.NextDouble());
            a += 2 * Noisy(1500); b += 2 * Noisy(1500); pa += 2 * Noisy(15_000); pb += 2 * Noisy(15_000);
            var d = (await rig.CycleAsync(Chat, null, Pod("a", a, pa, running: 8, kvCache: 0.3), Pod("b", b, pb, running: 8, kvCache: 0.3))).Decision;
            if (d is not null) desired.Add((cycle * 2.0, d.Desired));
        }

        var changes = new List<double>();
        var direction = 0;
        for (var i = 1; i < desired.Count; i++)
        {
            var step = Math.Sign(desired[i].Desired - desired[i - 1].Desired);
            if (step == 0) continue;
            if (direction != 0 && step != direction) changes.Add(desired[i].At);
            direction = step;
        }
        // At most one change of direction within any 77 s.
        for (var i = 1; i < changes.Count; i++)
            Assert.True(changes[i] - changes[i - 1] >= 77, $"direction changed at {changes[i - 1]} s and again at {changes[i]} s");
        Assert.True(desired.Select(d => d.Desired).Distinct().Count() <= 3, string.Join(",", desired.Select(d => d.Desired).Distinct()));
    }
}
