using System.Diagnostics;
using System.Text.RegularExpressions;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Demo;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Demo.DemoFleetScenario;

namespace Headroom.Signals.Tests.Demo;

public sealed class DemoFleetTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task UnknownWorkload_Throws()
    {
        var scenario = Default(seed: 1);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await scenario.Fleet.ObserveAsync(new WorkloadSpec { Name = "search", Namespace = "demo" }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await scenario.Fleet.ObserveAsync(new WorkloadSpec { Name = "chat", Namespace = "default" }, CancellationToken.None));
    }

    [Fact]
    public void InconsistentOptions_AreRejected()
    {
        var workload = Steady(requestsPerSecond: 1, replicas: 1) with { MinReplicas = 3, MaxReplicas = 2 };

        Assert.Throws<ArgumentException>(() => Single(workload));
    }

    [Fact]
    public void StockWorkloads_AreDescribedForTheAdapter()
    {
        var scenario = Default(seed: 1);

        Assert.Equal(DemoFleet.Workloads.Select(w => w with { SeriesLabels = scenario.Fleet.WorkloadSpecs[0].SeriesLabels }), scenario.Fleet.WorkloadSpecs.Select(w => w with { SeriesLabels = scenario.Fleet.WorkloadSpecs[0].SeriesLabels }));
        Assert.Equal(["chat", "code"], DemoFleet.Workloads.Select(w => w.Name));
        foreach (var (spec, truth) in DemoFleet.Workloads.Zip(scenario.Options.Workloads))
        {
            Assert.Equal("demo", spec.Namespace);
            Assert.Equal($"app={spec.Name}", spec.Selector);
            Assert.Equal(spec.Name, spec.DeploymentName);
            Assert.NotEqual(truth.Model.PeakDecodeTokensPerSecond, spec.TokensPerSecondPerReplica);
            Assert.InRange(spec.TokensPerSecondPerReplica / truth.Model.PeakDecodeTokensPerSecond, 0.85, 1.15);
            Assert.InRange(spec.ColdStartPrior, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(40));
        }
    }

    [Fact]
    public async Task SameSeedAndTimes_GiveSameObservations_AndAnotherSeedDoesNot()
    {
        var step = TimeSpan.FromSeconds(1.7);
        var first = await Default(seed: 42).RunAsync(TimeSpan.FromMinutes(2), step);
        var second = await Default(seed: 42).RunAsync(TimeSpan.FromMinutes(2), step);
        var other = await Default(seed: 43).RunAsync(TimeSpan.FromMinutes(2), step);

        Assert.Equal(first.Select(Describe), second.Select(Describe));
        Assert.NotEqual(first.Select(Describe), other.Select(Describe));
    }

    [Fact]
    public async Task HowOftenTheFleetIsObserved_DoesNotChangeWhatItReports()
    {
        var often = await Default(seed: 8).RunAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(500));
        var seldom = await Default(seed: 8).RunAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(3));

        var atSameTimes = often.Where(o => seldom.Any(s => s.Timestamp == o.Timestamp)).Select(Describe);
        Assert.Equal(seldom.Select(Describe), atSameTimes);
    }

    [Fact]
    public async Task CountersNeverDecrease_AndGaugesStayInRange()
    {
        var scenario = Default(seed: 3);
        var observations = await scenario.RunAsync(TimeSpan.FromMinutes(6), OneSecond);

        var last = new Dictionary<string, (double Generation, double Prompt)>();
        foreach (var pod in observations.SelectMany(o => o.Pods).Where(p => p.Ready))
        {
            var e = pod.Engine;
            var now = (Generation: e.GenerationTokensTotal!.Value, Prompt: e.PromptTokensTotal!.Value);
            if (last.TryGetValue(pod.Name, out var before))
            {
                Assert.True(now.Generation >= before.Generation, $"{pod.Name} generation counter went back");
                Assert.True(now.Prompt >= before.Prompt, $"{pod.Name} prompt counter went back");
            }
            last[pod.Name] = now;
            Assert.InRange(e.KvCacheUsage!.Value, 0, 1);
            Assert.InRange(e.GpuDutyCycle!.Value, 0, 1);
            Assert.True(e.RequestsWaiting >= 0);
            Assert.InRange(e.RequestsRunning!.Value, 0, 64);
        }
    }

    [Fact]
    public async Task NewPods_StartTheirCountersAtZero()
    {
        var scenario = Default(seed: 3);
        var observations = await scenario.RunAsync(TimeSpan.FromMinutes(6), OneSecond);
        var startedDuringRun = observations.SelectMany(o => o.Lifecycles).Where(l => l.Created > Start).Select(l => l.Name).ToHashSet();

        var firstReadyReadings = observations
            .SelectMany(o => o.Pods.Where(p => p.Ready && startedDuringRun.Contains(p.Name)).Select(p => (o, p)))
            .GroupBy(x => x.p.Name, x => x)
            .Select(g => g.First())
            .ToList();

        Assert.NotEmpty(firstReadyReadings);
        foreach (var (observation, pod) in firstReadyReadings)
        {
            var ready = observation.Lifecycles.Single(l => l.Name == pod.Name).Ready!.Value;
            var servingSeconds = (observation.Timestamp - ready).TotalSeconds + 0.1;
            Assert.InRange(pod.Engine.GenerationTokensTotal!.Value, 0, 2_200 * servingSeconds);
        }
    }

    [Fact]
    public async Task ServedTokenRates_MatchOfferedLoad_WhenCapacitySuffices()
    {
        var scenario = Single(Steady(requestsPerSecond: 4, replicas: 2));
        scenario.Clock.Advance(TimeSpan.FromSeconds(30));
        var before = await scenario.ObserveAsync("steady");
        scenario.Clock.Advance(TimeSpan.FromMinutes(3));
        var after = await scenario.ObserveAsync("steady");

        Assert.Equal(before.Pods.Select(p => p.Name), after.Pods.Select(p => p.Name));
        var seconds = (after.Timestamp - before.Timestamp).TotalSeconds;
        var generated = (GenerationTotal(after) - GenerationTotal(before)) / seconds;
        var prompted = (PromptTotal(after) - PromptTotal(before)) / seconds;
        Assert.InRange(generated, 4 * 200 * 0.85, 4 * 200 * 1.15);
        Assert.InRange(prompted, 4 * 500 * 0.85, 4 * 500 * 1.15);
        Assert.Equal(0, Waiting(after));
    }

    [Fact]
    public async Task Overload_GrowsTheQueue_ThenScalesUpAndDrainsIt()
    {
        // Back-to-back bursts that never end: the offered load jumps from 800 to 3,200 tokens/s at once.
        var endless = new DemoBursts(TimeSpan.FromMilliseconds(1), 4, 4, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var workload = Steady(requestsPerSecond: 4, replicas: 1) with { MaxReplicas = 6, Bursts = endless };
        var scenario = Single(workload);
        var observations = await scenario.RunAsync(TimeSpan.FromSeconds(120), OneSecond);

        var beforeHelpArrives = observations.TakeWhile(o => o.Pods.Count(p => p.Ready) == 1).ToList();
        Assert.True(beforeHelpArrives.Max(Waiting) >= 20, "the queue should build on one saturated replica");
        Assert.Contains(beforeHelpArrives, o => o.Pods.Count > 1);
        foreach (var unready in observations.SelectMany(o => o.Pods).Where(p => !p.Ready))
        {
            Assert.Equal(new EngineReading(null, null, null, null, null, null), unready.Engine);
        }
        var final = observations[^1];
        Assert.True(final.Pods.Count(p => p.Ready) >= 2, $"expected a scaled-up fleet, saw {final.Pods.Count(p => p.Ready)} ready");
        Assert.True(Waiting(final) < observations.Max(Waiting) / 4, "the queue should drain once replicas are ready");
    }

    [Fact]
    public async Task ScaleFromZero_HoldsRequestsAtTheGateway_UntilAPodIsReady()
    {
        var workload = Steady(requestsPerSecond: 5, replicas: 0) with { MaxReplicas = 3 };
        var scenario = Single(workload);
        var observations = await scenario.RunAsync(TimeSpan.FromSeconds(60), OneSecond);

        var beforeReady = observations.TakeWhile(o => !o.Pods.Any(p => p.Ready)).ToList();
        Assert.NotEmpty(beforeReady);
        Assert.True(beforeReady[^1].GatewayQueue > beforeReady[0].GatewayQueue);
        Assert.True(beforeReady[^1].Pods.Count >= 1, "the autoscaler should have started a pod");

        var served = observations[^1];
        Assert.Equal(0, served.GatewayQueue);
        Assert.True(GenerationTotal(served) > 0);
    }

    [Fact]
    public async Task NewPods_HaveOrderedLifecycles_WithinTheConfiguredPhaseRanges()
    {
        var scenario = Default(seed: 5);
        var observations = await scenario.RunAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(2));
        var compression = scenario.Options.ColdStartCompression;

        var lifecycles = observations.SelectMany(o => o.Lifecycles).ToList();
        Assert.True(lifecycles.Where(l => l.Created > Start).Select(l => l.Name).Distinct().Count() >= 3, "the run should start a few pods");
        foreach (var group in lifecycles.GroupBy(l => l.Name))
        {
            var complete = group.Last();
            Assert.All(group, l => Assert.True(
                (l.Scheduled is null || l.Scheduled == complete.Scheduled) && (l.Ready is null || l.Ready == complete.Ready),
                $"{l.Name}'s timeline changed between observations"));
            if (complete.Ready is null)
            {
                continue;
            }
            var coldStart = scenario.Options.Workloads.Single(w => complete.Name.StartsWith(w.Name + "-", StringComparison.Ordinal)).ColdStart;
            AssertPhase(complete.Created, complete.Scheduled, coldStart.Scheduling, compression);
            AssertPhase(complete.Scheduled!.Value, complete.Initialized, coldStart.ImagePullAndInit, compression);
            AssertPhase(complete.Initialized!.Value, complete.ContainersReady, coldStart.ModelLoadAndWarmUp, compression);
            Assert.Equal(complete.ContainersReady, complete.Ready);
        }
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("code")]
    public async Task PodsComeAndGo_OverADemoDay(string workload)
    {
        var observations = await Default(seed: 11).RunAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(2), only: workload);

        var counts = observations.Select(o => o.Pods.Count).ToList();
        var removed = observations.SelectMany(o => o.Pods).Select(p => p.Name).Distinct()
            .Except(observations[^1].Pods.Select(p => p.Name)).ToList();
        Assert.True(counts.Max() > counts.Min(), $"{workload} never scaled");
        Assert.NotEmpty(removed);
        Assert.Contains(observations[^1].Lifecycles, l => removed.Contains(l.Name));
    }

    [Fact]
    public async Task Pods_AreNamedLabelledAndPlacedLikeKubernetes()
    {
        var scenario = Default(seed: 2);
        var observations = await scenario.RunAsync(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(3));

        foreach (var observation in observations)
        {
            Assert.All(observation.Pods, pod =>
            {
                var workload = pod.Labels["app"];
                Assert.Contains(workload, new[] { "chat", "code" });
                Assert.Matches(new Regex($"^{workload}-[bcdfghjklmnpqrstvwxz2456789]{{10}}-[bcdfghjklmnpqrstvwxz2456789]{{5}}$"), pod.Name);
                Assert.Equal(new Dictionary<string, string> { ["app"] = workload, ["workload"] = workload }, pod.Labels);
                Assert.Matches("^gpu-node-[0-9]+$", pod.Node!);
            });
            Assert.Single(observation.Pods.Select(p => p.Labels["app"]).Distinct());
            Assert.Equal(observation.Pods.Count, observation.Pods.Select(p => p.Name).Distinct().Count());
        }
        var atOneInstant = observations.GroupBy(o => o.Timestamp).Select(g => g.SelectMany(o => o.Pods).ToList());
        Assert.All(atOneInstant, pods => Assert.True(pods.GroupBy(p => p.Node).Max(g => g.Count()) <= 4, "a node holds a few pods at most"));
    }

    [Fact]
    public async Task Pods_ReportTheEngineVersionOfTheirImage_AndAMovingTagReadsUnknown()
    {
        var pinned = Single(Steady(requestsPerSecond: 1, replicas: 2) with { Image = "vllm/vllm-openai:v0.9.1" });
        var moving = Single(Steady(requestsPerSecond: 1, replicas: 2) with { Image = "vllm/vllm-openai:latest" });

        var pinnedPods = (await pinned.RunAsync(TimeSpan.FromSeconds(10), OneSecond)).SelectMany(o => o.Pods).ToList();
        var movingPods = (await moving.RunAsync(TimeSpan.FromSeconds(10), OneSecond)).SelectMany(o => o.Pods).ToList();

        Assert.NotEmpty(pinnedPods);
        Assert.All(pinnedPods, pod => Assert.Equal("v0.9.1", pod.EngineVersion));
        Assert.All(movingPods, pod => Assert.Equal("unknown", pod.EngineVersion));
        Assert.Throws<ArgumentException>(() => Single(Steady(requestsPerSecond: 1, replicas: 1) with { Image = " " }));
    }

    [Fact]
    public async Task EverySignal_MovesWithinTheFirstMinute()
    {
        var scenario = Default(seed: 1);
        var observations = await scenario.RunAsync(TimeSpan.FromMinutes(1), OneSecond);
        var readings = observations.SelectMany(o => o.Pods).Where(p => p.Ready).Select(p => p.Engine).ToList();

        Assert.True(observations.Select(o => o.Pods.Count).Distinct().Count() > 1, "no pod came or went");
        Assert.True(readings.Select(e => e.RequestsWaiting).Distinct().Count() > 3);
        Assert.True(readings.Select(e => e.RequestsRunning).Distinct().Count() > 10);
        Assert.True(readings.Max(e => e.KvCacheUsage) - readings.Min(e => e.KvCacheUsage) > 0.2);
        Assert.True(readings.Max(e => e.GpuDutyCycle) - readings.Min(e => e.GpuDutyCycle) > 0.3);
        Assert.True(readings.Max(e => e.GenerationTokensTotal) > 0 && readings.Max(e => e.PromptTokensTotal) > 0);
    }

    [Fact]
    public async Task ALongSilence_IsCaughtUpCheaply()
    {
        var scenario = Default(seed: 4);
        scenario.Clock.Advance(TimeSpan.FromHours(8));

        var watch = Stopwatch.StartNew();
        var observation = await scenario.ObserveAsync("chat");
        watch.Stop();

        Assert.Equal(scenario.Clock.GetUtcNow(), observation.Timestamp);
        Assert.NotEmpty(observation.Pods);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"catching up took {watch.Elapsed}");
    }

    [Fact]
    public async Task ConcurrentObservations_OfBothWorkloads_AreSafe()
    {
        var scenario = Default(seed: 6);
        var ticking = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                scenario.Clock.Advance(TimeSpan.FromMilliseconds(50));
            }
        });

        async Task ObserveRepeatedly(string workload)
        {
            var generated = new Dictionary<string, double>();
            for (var i = 0; i < 300; i++)
            {
                foreach (var pod in (await scenario.ObserveAsync(workload)).Pods.Where(p => p.Ready))
                {
                    var now = pod.Engine.GenerationTokensTotal!.Value;
                    Assert.True(now >= generated.GetValueOrDefault(pod.Name), $"{pod.Name} counter went back");
                    generated[pod.Name] = now;
                }
            }
        }

        await Task.WhenAll(ticking, Task.Run(() => ObserveRepeatedly("chat")), Task.Run(() => ObserveRepeatedly("code")));
    }

    private static void AssertPhase(DateTimeOffset from, DateTimeOffset? to, LogNormal phase, double compression)
    {
        Assert.NotNull(to);
        var tick = TimeSpan.FromTicks(1);
        Assert.InRange(to.Value - from, TimeSpan.FromSeconds(phase.Min / compression) - tick, TimeSpan.FromSeconds(phase.Max / compression) + tick);
    }
}
