using Headroom.Signals.Catalog;
using Headroom.Signals.Configuration;
using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Discovery;

/// <summary>
/// With source: prometheus, the pods the Kubernetes API lists decide which pods count and give the cold-start
/// model its timelines. Prometheus is played by <see cref="PrometheusApiStandIn"/>; the pod list and watch by
/// <see cref="FakePodsApi"/>, a local stand-in answering with the real API JSON shapes.
/// </summary>
public sealed class ListedPodsSourceTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Dcgm = false, ColdStartPrior = TimeSpan.FromSeconds(150) };
    private static readonly TimeSpan Lookback = TimeSpan.FromSeconds(30);
    private static readonly PrometheusOptions Options = new(new Uri("http://prometheus.test/"), TimeSpan.FromSeconds(2), Lookback, TimeSpan.FromMinutes(1), "pod", "namespace");
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);

    private sealed class Rig : IAsyncDisposable
    {
        public FakePodsApi Api { get; } = new();
        public PrometheusApiStandIn Prometheus { get; } = new();
        public ManualTimeProvider Time { get; } = new(Now);
        public PodWatchers Watchers { get; }
        public ListedPodsSource Source { get; }

        public Rig(IKubernetes? api = null)
        {
            Watchers = new PodWatchers(api ?? Api.Client(), NullLogger.Instance);
            var prometheus = new PrometheusSource(new PrometheusClient(new HttpClient(Prometheus), Options, Time), Options, Time);
            Source = new ListedPodsSource(prometheus, Watchers, Lookback, Time);
        }

        public Task ListedAsync(int pods) => Until(() => Watchers.For("llm", "app=chat") is { Synced: true } w && w.Pods.Length == pods);

        public async ValueTask DisposeAsync()
        {
            await Source.DisposeAsync();
            await Api.DisposeAsync();
        }
    }

    [Fact]
    public async Task Readiness_labels_and_membership_come_from_the_API()
    {
        await using var rig = new Rig();
        var gold = FakePodsApi.Pod("chat-a", "chat", ready: true, created: Now.UtcDateTime.AddHours(-1), image: "vllm/vllm-openai:v0.9.2");
        gold.Metadata.Labels["tier"] = "gold";
        rig.Api.Upsert(gold);
        rig.Api.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: false, created: Now.UtcDateTime.AddHours(-1)));
        // Prometheus still has the series of a pod the API has deleted, and reports the unready pod too.
        rig.Prometheus.Pods = ["chat-a", "chat-b", "chat-deleted"];
        await rig.ListedAsync(2);

        var seen = await rig.Source.ObserveAsync(Chat, CancellationToken.None);

        Assert.Equal(["chat-a", "chat-b"], seen.Pods.Select(p => p.Name));
        Assert.True(seen.Pods[0].Ready);
        Assert.Equal("gold", seen.Pods[0].Labels["tier"]);
        Assert.Equal(4, seen.Pods[0].Engine.RequestsWaiting);
        Assert.False(seen.Pods[1].Ready);
        // The version is the image's tag, as the API lists the pod; a pod whose spec names no image tells none.
        Assert.Equal(["v0.9.2", "unknown"], seen.Pods.Select(p => p.EngineVersion));
    }

    [Fact]
    public async Task A_ready_pod_Prometheus_has_not_reported_counts_as_missing_after_the_grace()
    {
        await using var rig = new Rig();
        rig.Api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, created: Now.UtcDateTime.AddHours(-1)));
        // Ready 10 s ago (FakePodsApi pods turn ready 125 s after creation); not scraped yet.
        rig.Api.Upsert(FakePodsApi.Pod("chat-new", "chat", ready: true, created: Now.UtcDateTime.AddSeconds(-135)));
        rig.Prometheus.Pods = ["chat-a"];
        await rig.ListedAsync(2);

        var fresh = (await rig.Source.ObserveAsync(Chat, CancellationToken.None)).Pods.Single(p => p.Name == "chat-new");
        Assert.False(fresh.Ready);

        rig.Time.Advance(TimeSpan.FromSeconds(25));
        var late = (await rig.Source.ObserveAsync(Chat, CancellationToken.None)).Pods.Single(p => p.Name == "chat-new");
        Assert.True(late.Ready);
        Assert.Equal(EngineReading.None, late.Engine);
    }

    [Fact]
    public async Task No_series_and_no_pods_listed_is_a_workload_at_zero_not_an_error()
    {
        await using var rig = new Rig();
        rig.Api.Upsert(FakePodsApi.Pod("other", "other", ready: true));
        await rig.ListedAsync(0);

        var seen = await rig.Source.ObserveAsync(Chat, CancellationToken.None);

        Assert.Empty(seen.Pods);
        Assert.Equal(Now, seen.Timestamp);
    }

    [Fact]
    public async Task No_series_while_the_pods_are_not_listed_yet_stays_an_error()
    {
        // An API that refuses connections: the list never completes.
        await using var rig = new Rig(new Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{ClosedPort()}" }));

        await Assert.ThrowsAsync<PodsUnknownException>(async () => await rig.Source.ObserveAsync(Chat, CancellationToken.None));
    }

    [Fact]
    public async Task Cold_start_is_learned_from_the_listed_pods_timelines()
    {
        await using var rig = new Rig();
        var pods = Enumerable.Range(1, 6).Select(i => $"chat-{i}").ToArray();
        rig.Prometheus.Pods = pods;
        var pipeline = new SignalPipeline([Chat], rig.Source, new SignalOptions(), rig.Time, NullLogger<SignalPipeline>.Instance);
        await rig.ListedAsync(0);

        var before = (await pipeline.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();
        Assert.Equal(150, before.Values[CatalogMetric.ColdStartSeconds]);

        foreach (var name in pods) rig.Api.Upsert(FakePodsApi.Pod(name, "chat", ready: true, created: Now.UtcDateTime.AddHours(-1)));
        await rig.ListedAsync(6);
        rig.Time.Advance(TimeSpan.FromSeconds(2));
        var after = (await pipeline.RunCycleAsync(CancellationToken.None)).Snapshot.Workloads.Single();
        // Every listed pod took 125 s from creation to ready (5 s scheduling, 60 s pull and init, 60 s load).
        Assert.Equal(125, after.Values[CatalogMetric.ColdStartSeconds]);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(25);
        }
    }
}
