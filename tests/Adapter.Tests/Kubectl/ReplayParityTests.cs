using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;
using Headroom.Adapter.Tls;
using Headroom.Serving;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;
using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Adapter.Tests.Kubectl;

/// <summary>
/// One pipeline: the same observation stream goes to a running adapter, read over HTTPS by kubectl as an HPA would
/// read it, and to the simulator's metric path (its pipeline on simulated time and its view of the provider), and
/// both give the same values, and the same refusals, at the same instants. The stream has pods joining with their
/// start-up timelines, a pod's first cycle without a rate, and a source outage that takes one signal past its own
/// staleness bound before the others.
/// </summary>
public sealed class ReplayParityTests : IAsyncLifetime
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", ColdStartPrior = TimeSpan.FromSeconds(90) };
    private static readonly SignalOptions Options = new()
    {
        StaleAfterBySignal = new Dictionary<CatalogMetric, TimeSpan> { [CatalogMetric.QueueDepth] = TimeSpan.FromSeconds(5) },
    };
    private const int Cycles = 34;
    // Instants compared: the first cycles, a pod's first ready cycle and the next, steady state, the outage, recovery.
    private static readonly int[] Compared = [1, 2, 6, 12, 13, 20, 25, 27, 29, 33];
    private static readonly string[] PodMetrics = ["headroom_token_throughput", "headroom_queue_depth", "headroom_kv_cache_utilization"];

    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-parity-").FullName;
    private readonly DateTimeOffset _start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly System.Collections.Concurrent.ConcurrentBag<(int Cycle, string Path)> _refused = [];
    private IReadOnlyList<WorkloadObservation?> _stream = [];
    private SteppedClock _clock = null!;
    private RunningAdapter _adapter = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _stream = Stream(_start, Options.Interval);
        _clock = new SteppedClock(_start);
        var certificates = new TestCertificates(_directory);
        var serving = CertificateFactory.CreateServer(["127.0.0.1", "localhost"], null, TimeSpan.FromDays(1));
        var plan = new HostPlan([Chat], new ObservationStream(_stream), Options, ServingCertificate.Fixed(serving, NullLogger.Instance),
            new X509Certificate2Collection(certificates.Authority), Clock: _clock);
        _adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Loopback(), plan);
        _kubectl = new Kubectl(certificates.WriteKubeconfig(_adapter.SecureUrl, serving.ExportCertificatePem()));
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_adapter_over_https_and_the_replays_metric_path_answer_alike_at_every_instant()
    {
        var replay = new SimulatedAdapter(Chat, new ObservationStream(_stream), Options);
        var store = _adapter.App.Services.GetRequiredService<SnapshotStore>();
        // The adapter's first cycle runs as it starts, at the clock's first instant.
        await Poll.UntilAsync(() =>
        {
            Assert.True(store.HasCompletedCycle);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(30));
        var compared = 0;
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            if (cycle > 1)
            {
                var published = store.NextPublish;
                _clock.Advance(Options.Interval);
                await published.WaitAsync(TimeSpan.FromSeconds(30));
            }
            var at = _clock.GetUtcNow();
            replay.Cycle(at);
            if (!Compared.Contains(cycle)) continue;
            var metrics = replay.Metrics(at);
            await Task.WhenAll(MetricCatalog.All.Select(m => CompareExternalAsync(metrics, m.Name, cycle))
                .Concat(PodMetrics.Select(m => ComparePodsAsync(metrics, m, cycle))));
            compared++;
        }
        Assert.Equal(Compared.Length, compared);
        // Both answered values and both refused where the stream says they must: the outage takes the queue depth
        // (5 s bound) past its bound at cycle 27 while the rest serves; the new pod has no rate in its first cycle.
        Assert.Contains((27, "external/headroom_queue_depth"), _refused);
        Assert.DoesNotContain((27, "external/headroom_token_throughput"), _refused);
        Assert.Contains((12, "pods/headroom_token_throughput"), _refused);
        Assert.DoesNotContain((13, "pods/headroom_token_throughput"), _refused);
    }

    private async Task CompareExternalAsync(SnapshotMetrics replay, string metric, int cycle)
    {
        var http = await _kubectl.RunAsync("get", "--raw", $"/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/{metric}?labelSelector=workload%3Dchat");
        var sim = replay.Read(new MetricSpec(MetricSourceType.External, metric, new MetricTarget(MetricTargetType.Value, ValueMilli: 1000)));
        if (http.ExitCode != 0)
        {
            var failed = Assert.IsType<FailedSample>(sim);
            Assert.Contains(failed.Reason, http.Stderr);
            _refused.Add((cycle, "external/" + metric));
            return;
        }
        var served = Items(http).Sum(i => Milli(i.GetProperty("value").GetString()!));
        Assert.True(sim is TotalSample total && total.ValueMilli == served, $"cycle {cycle}, {metric}: kubectl read {served}m, the replay {sim}");
    }

    private async Task ComparePodsAsync(SnapshotMetrics replay, string metric, int cycle)
    {
        var http = await _kubectl.RunAsync("get", "--raw", $"/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/{metric}?labelSelector=app%3Dchat");
        var sim = replay.Read(new MetricSpec(MetricSourceType.Pods, metric, new MetricTarget(MetricTargetType.AverageValue, AverageValueMilli: 1000)));
        if (http.ExitCode != 0)
        {
            var failed = Assert.IsType<FailedSample>(sim);
            Assert.Contains(failed.Reason, http.Stderr);
            _refused.Add((cycle, "pods/" + metric));
            return;
        }
        var served = Items(http).ToDictionary(i => i.GetProperty("describedObject").GetProperty("name").GetString()!, i => Milli(i.GetProperty("value").GetString()!));
        var perPod = Assert.IsType<PerPodSample>(sim);
        Assert.True(served.Count > 0 && served.OrderBy(p => p.Key).SequenceEqual(perPod.ValuesMilli.OrderBy(p => p.Key)),
            $"cycle {cycle}, {metric}: kubectl read {string.Join(' ', served)}, the replay {string.Join(' ', perPod.ValuesMilli)}");
    }

    private static JsonElement.ArrayEnumerator Items(Kubectl.Result result) => result.Json().GetProperty("items").EnumerateArray();

    // Quantity.MilliValue, as the HPA reads a served value.
    private static long Milli(string quantity) => (long)decimal.Ceiling(new ResourceQuantity(quantity).ToDecimal() * 1000m);

    // Two pods from the start, a third ready at cycle 12 after a 60 s start-up; counters at rates that wander, gauges
    // that move; observations 25 to 28 fail.
    private static IReadOnlyList<WorkloadObservation?> Stream(DateTimeOffset start, TimeSpan interval)
    {
        var random = new Random(3);
        var labels = new Dictionary<string, string> { ["app"] = "chat" };
        var generated = new double[3];
        var prompt = new double[3];
        var stream = new List<WorkloadObservation?>();
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            if (cycle is >= 25 and <= 28)
            {
                stream.Add(null);
                continue;
            }
            var at = start + interval * (cycle - 1);
            var pods = new List<PodReading>();
            var lifecycles = new List<PodLifecycle>();
            for (var pod = 0; pod < 3; pod++)
            {
                var name = $"chat-{pod}";
                if (pod == 2 && cycle < 12)
                {
                    pods.Add(new PodReading(name, labels, "node-b", false, EngineReading.None));
                    continue;
                }
                if (pod == 2 && cycle == 12)
                {
                    var created = at - TimeSpan.FromSeconds(60);
                    lifecycles.Add(new PodLifecycle(name, created, created.AddSeconds(2), created.AddSeconds(20), at, at));
                }
                generated[pod] += interval.TotalSeconds * (400 + 150 * Math.Sin(cycle / 4.0 + pod) + 40 * random.NextDouble());
                prompt[pod] += interval.TotalSeconds * (1200 + 300 * random.NextDouble());
                pods.Add(new PodReading(name, labels, pod == 2 ? "node-b" : "node-a", true, new EngineReading(generated[pod], prompt[pod],
                    RequestsWaiting: random.Next(0, 6), RequestsRunning: random.Next(4, 17), KvCacheUsage: 0.2 + 0.7 * random.NextDouble(),
                    GpuDutyCycle: 0.3 + 0.6 * random.NextDouble())));
            }
            stream.Add(new WorkloadObservation(at, pods, lifecycles, null));
        }
        return stream;
    }
}
