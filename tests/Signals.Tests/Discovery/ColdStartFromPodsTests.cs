using Headroom.Forecast.ColdStart;
using Headroom.Signals.Catalog;
using Headroom.Signals.Configuration;
using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Discovery;

/// <summary>
/// Cold start learned from pod timelines played through the Kubernetes API shape: a local stand-in answers
/// list and watch of pods with real Pod JSON (creationTimestamp and the PodScheduled, Initialized,
/// ContainersReady and Ready conditions with their lastTransitionTime), and the watcher and the cold-start
/// model must give back the quantiles of the timelines fed.
/// </summary>
public sealed class ColdStartFromPodsTests
{
    private static readonly DateTime Created = new(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc);

    // Pod i (1..10): scheduling and node provisioning i × 6 s, image pull and init i × 20 s, model load and warm-up i × 45 s.
    private static (double Scheduling, double Pull, double Load) Phases(int i) => (6 * i, 20 * i, 45 * i);

    [Fact]
    public async Task Phase_and_total_quantiles_match_the_timelines_fed()
    {
        await using var api = new FakePodsApi();
        for (var i = 1; i <= 10; i++) api.Upsert(StartedPod($"chat-{i}", Phases(i)));
        api.Upsert(StillLoading("chat-loading"));
        api.Upsert(NotReady("chat-crashing"));
        await using var watcher = new PodWatcher(api.Client(), "llm", "app=chat", NullLogger.Instance);
        await Until(() => watcher.Synced && watcher.Pods.Length == 12);

        var model = new ColdStartModel(TimeSpan.FromMinutes(3), minSamples: 5);
        foreach (var pod in watcher.Pods)
            if (ColdStartTimeline.SampleOf(pod.Lifecycle) is { } sample) model.Observe(pod.Name, sample);

        Assert.Equal(10, model.Count);
        // R-8 quantiles of k × (1..10): p90 is at position (10 + 1/3) × 0.9 + 1/3 = 9.6333, p50 at 5.5.
        foreach (var (phase, k) in new (Func<ColdStartSample, TimeSpan>, double)[] { (s => s.Scheduling, 6), (s => s.ImagePullAndInit, 20), (s => s.ModelLoad, 45), (s => s.Total, 71) })
        {
            Assert.Equal(9.633333 * k, model.PhaseQuantile(phase, 0.9)!.Value.TotalSeconds, 3);
            Assert.Equal(5.5 * k, model.PhaseQuantile(phase, 0.5)!.Value.TotalSeconds, 3);
        }
        Assert.Equal(9.633333 * 71, model.Quantile(0.9).TotalSeconds, 3);
    }

    [Fact]
    public async Task The_pipeline_serves_the_prior_until_five_pods_have_started_then_their_p90()
    {
        await using var api = new FakePodsApi();
        for (var i = 1; i <= 4; i++) api.Upsert(StartedPod($"chat-{i}", Phases(i)));
        // Pods are found through the API; their metrics pages cannot be reached here, which cold start does not need.
        var scrape = ScrapeOptions.Default with { Port = ClosedPort(), Timeout = TimeSpan.FromMilliseconds(200) };
        await using var source = new ScrapeSource(api.Client(), new HttpClient(), scrape, TimeSpan.FromSeconds(2), TimeProvider.System, NullLogger<ScrapeSource>.Instance);
        var spec = new WorkloadSpec { Name = "chat", Namespace = "llm", Selector = "app=chat", Source = SourceKind.Scrape, ColdStartPrior = TimeSpan.FromSeconds(150) };
        var pipeline = new SignalPipeline([spec], source, new SignalOptions(), TimeProvider.System, NullLogger<SignalPipeline>.Instance);

        async Task<double?> ColdStartAsync()
        {
            double? value = null;
            await Until(async () =>
            {
                var w = (await pipeline.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();
                value = w.Values[CatalogMetric.ColdStartSeconds];
                return w.LastError is null && w.ObservedAt is not null;
            });
            return value;
        }

        Assert.Equal(150, await ColdStartAsync());

        // A fifth pod arrives through the watch, first still loading its model: still the prior.
        api.Upsert(StillLoading("chat-5"));
        await Task.Delay(300);
        Assert.Equal(150, await ColdStartAsync());

        // It turns ready: five pods of 71 s × (1..5); R-8's p90 of five is the largest.
        api.Upsert(StartedPod("chat-5", Phases(5)));
        await Until(async () => await ColdStartAsync() != 150);
        Assert.Equal(71 * 5, (await ColdStartAsync())!.Value, 6);

        // Five more: ten pods, p90 = 9.6333 × 71.
        for (var i = 6; i <= 10; i++) api.Upsert(StartedPod($"chat-{i}", Phases(i)));
        await Until(async () => Math.Abs((await ColdStartAsync())!.Value - 9.633333 * 71) < 0.01);
    }

    private static V1Pod StartedPod(string name, (double Scheduling, double Pull, double Load) phases)
    {
        var scheduled = Created.AddSeconds(phases.Scheduling);
        var initialized = scheduled.AddSeconds(phases.Pull);
        var ready = initialized.AddSeconds(phases.Load);
        return Pod(name, "Running", ("PodScheduled", "True", scheduled), ("Initialized", "True", initialized),
            ("ContainersReady", "True", ready), ("Ready", "True", ready));
    }

    // Weights still loading: scheduled and initialized, containers not ready yet.
    private static V1Pod StillLoading(string name) =>
        Pod(name, "Running", ("PodScheduled", "True", Created.AddSeconds(3)), ("Initialized", "True", Created.AddSeconds(40)),
            ("ContainersReady", "False", Created.AddSeconds(40)), ("Ready", "False", Created.AddSeconds(40)));

    // Was ready once, then its container crashed: Ready is False now, so its old transition time is no cold start.
    private static V1Pod NotReady(string name) =>
        Pod(name, "Running", ("PodScheduled", "True", Created.AddSeconds(2)), ("Initialized", "True", Created.AddSeconds(20)),
            ("ContainersReady", "False", Created.AddSeconds(900)), ("Ready", "False", Created.AddSeconds(900)));

    private static V1Pod Pod(string name, string phase, params (string Type, string Status, DateTime At)[] conditions) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "llm",
            Labels = new Dictionary<string, string> { ["app"] = "chat" },
            CreationTimestamp = Created,
        },
        Spec = new V1PodSpec { NodeName = "gpu-node-1", Containers = [new V1Container { Name = "vllm" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            PodIP = "127.0.0.1",
            Conditions = conditions.Select(c => new V1PodCondition { Type = c.Type, Status = c.Status, LastTransitionTime = c.At }).ToList(),
        },
    };

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(25);
        }
    }
}
