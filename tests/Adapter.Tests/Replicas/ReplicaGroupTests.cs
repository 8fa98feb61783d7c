using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Replicas;
using Headroom.Adapter.Tests.Support;
using Headroom.Adapter.Tls;
using Headroom.Serving;
using Headroom.Serving.Provider;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources.Demo;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Headroom.Adapter.Tests.Replicas;

/// <summary>
/// Two adapters in one group, on the demo fleet and a stand-in Kubernetes API, on one stepped clock: ten minutes of
/// the demo's changing load in 2 s cycles (time compressed: the clock moves only when the test moves it, so ten
/// simulated minutes take seconds), then the owner of a workload crashes. Leases last 6 s, renewed every 2 s, and
/// checkpoints are written every 10 s, all shortened from the defaults so the test stays short.
/// </summary>
public sealed class ReplicaGroupTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);
    private static readonly string[] PodMetrics = ["headroom_token_throughput", "headroom_queue_depth", "headroom_kv_cache_utilization"];

    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-replicas-").FullName;
    private readonly SteppedClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_767_225_600));
    private readonly KubernetesApiStandIn _api = new();
    private readonly X509Certificate2 _serving = CertificateFactory.CreateServer(["127.0.0.1", "localhost"], null, TimeSpan.FromDays(1));
    private readonly Dictionary<string, RunningAdapter> _replicas = [];
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = new DemoFleet(DemoFleetOptions.Default(42), _clock);
        var certificates = new TestCertificates(_directory);
        // Names whose rendezvous hashes split the two demo workloads one each, so that each replica owns one.
        var names = Enumerable.Range(0, 100).Select(i => (A: $"replica-{i}-a", B: $"replica-{i}-b")).First(pair =>
        {
            Member[] members = [new(pair.A, null), new(pair.B, null)];
            return _fleet.WorkloadSpecs.Select(w => Rendezvous.Owner($"{w.Namespace}/{w.Name}", members)!.Identity).Distinct().Count() == 2;
        });
        foreach (var name in new[] { names.A, names.B })
        {
            var replicas = new ReplicaPlan(new ReplicaOptions
            {
                Namespace = "headroom",
                Identity = name,
                LeaseDuration = LeaseDuration,
                RenewInterval = Cycle,
                CheckpointInterval = TimeSpan.FromSeconds(10),
            }, _api.Configuration(token: name));
            var plan = new HostPlan(_fleet.WorkloadSpecs, _fleet, new SignalOptions(), ServingCertificate.Fixed(_serving, NullLogger.Instance),
                new X509Certificate2Collection(certificates.Authority), Clock: _clock, Replicas: replicas);
            _replicas[name] = await RunningAdapter.StartAsync(TestAdapterOptions.Loopback(), plan);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas.Values) await replica.DisposeAsync();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Two_replicas_answer_alike_for_every_workload_and_the_survivor_of_a_crash_takes_over_with_what_was_learned()
    {
        var workloads = _fleet.WorkloadSpecs;
        var names = _replicas.Keys.Order().ToArray();

        // Both join and see each other; until then each owns what it alone sees, so nothing is compared yet.
        await StepUntilAsync(() => names.All(n => Ownership(n).Membership.Members.Count == 2), "both replicas to see two members");
        Assert.All(names, n => Assert.Single(workloads, w => Ownership(n).Owns(w)));

        // Ten minutes of changing load, compared at every cycle once both serve the owners' latest observations.
        var compared = 0;
        var desired = new HashSet<double>();
        for (var cycle = 0; cycle < 300; cycle++)
        {
            await StepAsync();
            await Poll.UntilAsync(() =>
            {
                var now = _clock.GetUtcNow();
                Assert.All(names, n => Assert.All(workloads, w => Assert.Equal(now, Served(n, w).ObservedAt)));
                return Task.CompletedTask;
            }, TimeSpan.FromSeconds(20), intervalMs: 5);
            var answers = names.Select(Answers).ToArray();
            Assert.True(answers[0].SequenceEqual(answers[1]), $"cycle {cycle}: {string.Join(" | ", answers[0].Except(answers[1]))} vs {string.Join(" | ", answers[1].Except(answers[0]))}");
            foreach (var w in workloads) desired.Add(Served(names[0], w).Values[CatalogMetric.DesiredReplicas] ?? -1);
            compared++;
        }
        Assert.Equal(300, compared);
        // The load changed: the decisions compared were not one value all along.
        Assert.True(desired.Count >= 3, $"desired replicas took only {string.Join(", ", desired)}");

        // What the owner of chat has learned by now: capacity off its prior and cold starts off theirs.
        var chat = workloads.Single(w => w.Name == "chat");
        var owner = names.Single(n => Ownership(n).Owns(chat));
        var survivor = names.Single(n => n != owner);
        var before = Served(owner, chat);
        output.WriteLine($"before the crash: prefill {before.Decision!.PrefillCapacityPerReplica:F0} (learned {before.Decision.PrefillCapacityLearned}), decode {before.Decision.DecodeCapacityPerReplica:F0} (learned {before.Decision.DecodeCapacityLearned}), cold start {before.Values[CatalogMetric.ColdStartSeconds]} s, prior {chat.ColdStartPrior.TotalSeconds} s");
        Assert.True(before.Decision.DecodeCapacityLearned || before.Decision.PrefillCapacityLearned, "the demo taught no capacity in ten minutes");
        Assert.NotEqual(chat.ColdStartPrior.TotalSeconds, before.Values[CatalogMetric.ColdStartSeconds]);
        // Let the checkpoint written at the latest interval reach the API before the crash.
        await Poll.UntilAsync(() =>
        {
            Assert.NotNull(_api.Get("configmaps", "headroom", CheckpointName(owner, chat)));
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(10));

        // The owner crashes: it loses the API (so its Lease stays, unreleased) and stops.
        _api.CutOff(owner);
        await _replicas[owner].DisposeAsync();
        _replicas.Remove(owner);
        var crashedAt = _clock.GetUtcNow();

        TimeSpan? takenOverAfter = null;
        TimeSpan refused = TimeSpan.Zero;
        WorkloadSignals? after = null;
        for (var cycle = 0; cycle < 15; cycle++)
        {
            await StepAsync();
            var now = _clock.GetUtcNow();
            if (Answers(survivor).Any(a => a.StartsWith("chat", StringComparison.Ordinal) && a.Contains("unavailable"))) refused += Cycle;
            if (takenOverAfter is null && Ownership(survivor).Owns(chat)) takenOverAfter = now - crashedAt;
            if (after is null && Served(survivor, chat) is { ObservedAt: { } at, Decision: not null } own && at > crashedAt) after = own;
        }
        output.WriteLine($"taken over {takenOverAfter?.TotalSeconds} s after the crash; chat refused for {refused.TotalSeconds} s");

        // Detected by the survivor's own clock: the Lease unchanged for its duration, seen at a renewal.
        Assert.NotNull(takenOverAfter);
        Assert.True(takenOverAfter <= LeaseDuration + Cycle, $"taken over after {takenOverAfter}");
        Assert.True(refused <= LeaseDuration, $"chat was refused for {refused}");
        Assert.NotNull(after);
        // The survivor started from the checkpoint, not the priors: at most one checkpoint interval of learning apart.
        Assert.Equal(before.Decision.PrefillCapacityLearned, after.Decision!.PrefillCapacityLearned);
        Assert.Equal(before.Decision.DecodeCapacityLearned, after.Decision.DecodeCapacityLearned);
        Poll.Within(after.Decision.PrefillCapacityPerReplica, before.Decision.PrefillCapacityPerReplica, 0.05);
        Poll.Within(after.Decision.DecodeCapacityPerReplica, before.Decision.DecodeCapacityPerReplica, 0.05);
        Assert.Equal(before.Values[CatalogMetric.ColdStartSeconds], after.Values[CatalogMetric.ColdStartSeconds]);
    }

    private WorkloadOwnership Ownership(string name) => _replicas[name].App.Services.GetRequiredService<WorkloadOwnership>();

    private string CheckpointName(string name, WorkloadSpec workload) =>
        _replicas[name].App.Services.GetRequiredService<CheckpointStore>().ConfigMapName(workload);

    private WorkloadSignals Served(string name, WorkloadSpec workload) =>
        _replicas[name].App.Services.GetRequiredService<SnapshotStore>().Current.Workloads.Single(w => w.Spec.Name == workload.Name);

    // Every external metric of every workload and the pods' custom metrics, as the HPA would read them, or the refusal.
    private List<string> Answers(string name)
    {
        var services = _replicas[name].App.Services;
        var external = services.GetRequiredService<IExternalMetricsProvider>();
        var custom = services.GetRequiredService<ICustomMetricsProvider>();
        var answers = new List<string>();
        foreach (var workload in _fleet.WorkloadSpecs)
        {
            foreach (var metric in MetricCatalog.All)
            {
                answers.Add($"{workload.Name} {metric.Name}: " + Read(() => string.Join(",", external
                    .GetExternalMetric(DemoFleet.Namespace, LabelSelector.Parse($"workload={workload.Name}"), metric.Name)
                    .Select(s => $"{s.Value:R}@{s.Timestamp:O}"))));
            }
            foreach (var metric in PodMetrics)
            {
                answers.Add($"{workload.Name} pods {metric}: " + Read(() => string.Join(",", custom
                    .GetMetricBySelector(DemoFleet.Namespace, new GroupResource("", "pods"), LabelSelector.Parse(workload.Selector), metric, LabelSelector.Everything)
                    .Select(s => $"{s.Object.Name}={s.Sample.Value:R}@{s.Sample.Timestamp:O}"))));
            }
        }
        return answers;
    }

    private static string Read(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (MetricsProviderException ex)
        {
            return $"{ex.Error.ToString().ToLowerInvariant()}: {ex.Message}";
        }
    }

    // One cycle for every live replica: its Lease renewed and the members listed, its pipeline cycle run and its
    // snapshot published, at the new instant, before the test looks; the API calls take real time the clock does not.
    private async Task StepAsync()
    {
        _clock.Advance(Cycle);
        var now = _clock.GetUtcNow();
        await Poll.UntilAsync(() =>
        {
            Assert.All(_replicas.Keys, n => Assert.Equal(now, Ownership(n).Membership.SeenAt));
            Assert.All(_replicas.Values, r => Assert.Equal(now, r.App.Services.GetRequiredService<SnapshotStore>().Current.BuiltAt));
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(20), intervalMs: 2);
    }

    private async Task StepUntilAsync(Func<bool> done, string what)
    {
        for (var i = 0; i < 50 && !done(); i++)
        {
            _clock.Advance(Cycle);
            await Task.Delay(100);
        }
        Assert.True(done(), $"waited 50 cycles for {what}");
    }
}
