using System.Diagnostics;
using System.Globalization;
using System.Text;
using Headroom.Signals.Configuration;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Tests.Exposition;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Bench.Pipeline;

/// <summary>
/// Scale-out: the CPU time of one replica's cycle when one replica observes 10,000 pods alone (the baseline), and when
/// four replicas share 40,000 pods by rendezvous hashing, each observing its own quarter, and then exchange what they
/// observed (encode its owned snapshot for its peers, decode the three peers', compose the served snapshot). The same
/// setup as the pipeline cycle benchmark: scrape mode, vLLM pages from memory, pods from the stand-in pods API,
/// 100 pods per workload. Process CPU time, alternating rounds, median round, as <see cref="CycleCpu"/>.
/// </summary>
public static class ShardedCycleCpu
{
    private const int Rounds = 5;

    /// <summary>Runs <c>shard-cpu [operations per round]</c> and prints a Markdown table.</summary>
    public static void Run(string[] args)
    {
        var perRound = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"{Rounds} alternating rounds of {perRound} operations each, after warm-up; processors: {Environment.ProcessorCount}");
        using var single = Fleet.Create(pods: 10_000, replicas: 1);
        using var shared = Fleet.Create(pods: 40_000, replicas: 4);
        Console.WriteLine($"pods observed per replica of four: {string.Join(", ", shared.Replicas.Select(r => r.Pods))}");
        for (var i = 0; i < 3; i++)
        {
            single.Replicas[0].Cycle();
            foreach (var r in shared.Replicas) r.Cycle();
            foreach (var r in shared.Replicas) shared.Exchange(r);
        }
        var alone = new List<double>();
        var cycles = new List<double>();
        var exchanges = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            alone.Add(Measure(perRound, () => single.Replicas[0].Cycle()));
            foreach (var replica in shared.Replicas)
            {
                cycles.Add(Measure(perRound, () => replica.Cycle()));
                exchanges.Add(Measure(perRound, () => shared.Exchange(replica)));
            }
        }
        Console.WriteLine("| setup | operation | CPU ms/op, median | CPU ms/op, min–max |");
        Console.WriteLine("|---|---|---:|---:|");
        Print("1 replica, 10,000 pods (baseline)", "cycle", alone);
        Print("4 replicas, 40,000 pods", "one replica's cycle", cycles);
        Print("4 replicas, 40,000 pods", "one replica's peer exchange", exchanges);
        var total = Median(cycles) + Median(exchanges);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per-replica cycle with exchange: {total:F1} ms, {total / Median(alone):F2}x the single replica's 10,000-pod cycle"));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Print(string setup, string operation, List<double> values) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {setup} | {operation} | {Median(values):F1} | {values.Min():F1}–{values.Max():F1} |"));

    private static double Measure(int count, Action operation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        for (var i = 0; i < count; i++) operation();
        process.Refresh();
        return (process.TotalProcessorTime - cpu).TotalMilliseconds / count;
    }

    /// <summary>Owns the workloads that rendezvous hashing gives this member among fixed members; no checkpoints.</summary>
    private sealed class FixedOwnership(string self, IReadOnlyList<Member> members) : IWorkloadOwnership
    {
        public TimeSpan CheckpointInterval => TimeSpan.FromDays(1);

        public bool Owns(WorkloadSpec workload) => Rendezvous.Owner($"{workload.Namespace}/{workload.Name}", members)!.Identity == self;

        public Task<WorkloadCheckpoint?> TakeOverAsync(WorkloadSpec workload, CancellationToken cancellationToken) => Task.FromResult<WorkloadCheckpoint?>(null);

        public void Save(WorkloadCheckpoint checkpoint)
        {
        }
    }

    private sealed class Replica(string name, SignalPipeline pipeline, ScrapeSource source)
    {
        public string Name { get; } = name;

        public ScrapeSource Source { get; } = source;

        public SignalSnapshot Owned { get; private set; } = SignalSnapshot.Empty;

        /// <summary>Its owned snapshot as its peers read it, made by its latest exchange.</summary>
        public byte[]? Encoded { get; set; }

        public int Pods => Owned.Workloads.Sum(w => w.Pods.Count);

        public void Cycle()
        {
            Owned = pipeline.RunCycleAsync(CancellationToken.None).GetAwaiter().GetResult().Snapshot;
            Encoded = null;
        }
    }

    private sealed class Fleet : IDisposable
    {
        private readonly FakePodsApi _api;
        private readonly IReadOnlyList<WorkloadSpec> _workloads;
        private readonly Dictionary<(string, string), WorkloadSpec> _configured;

        private Fleet(FakePodsApi api, IReadOnlyList<WorkloadSpec> workloads, IReadOnlyList<Replica> replicas)
        {
            _api = api;
            _workloads = workloads;
            _configured = workloads.ToDictionary(w => (w.Namespace, w.Name));
            Replicas = replicas;
        }

        public IReadOnlyList<Replica> Replicas { get; }

        public static Fleet Create(int pods, int replicas)
        {
            var fleet = SimulatedScrapeFleet.Create(pods);
            var (api, workloads) = (fleet.Api, fleet.Workloads);
            var members = Enumerable.Range(0, replicas).Select(r => new Member($"headroom-{r}", null)).ToArray();
            var handler = new InMemoryPages(fleet.Pages, fleet.Addresses);
            var built = members.Select(m =>
            {
                var source = new ScrapeSource(api.Client(), new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
                    ScrapeOptions.Default, TimeSpan.FromSeconds(2), TimeProvider.System, NullLogger<ScrapeSource>.Instance);
                var pipeline = new SignalPipeline(workloads, source, new SignalOptions(), TimeProvider.System, NullLogger<SignalPipeline>.Instance,
                    replicas == 1 ? null : new FixedOwnership(m.Identity, members));
                return new Replica(m.Identity, pipeline, source);
            }).ToArray();
            // Until every watcher has listed its pods, and twice more so that every pod has a rate.
            foreach (var replica in built)
            {
                var settled = 0;
                for (var attempt = 0; settled < 3; attempt++)
                {
                    if (attempt > 600) throw new InvalidOperationException($"the pod watchers of {replica.Name} did not sync");
                    replica.Cycle();
                    settled = replica.Owned.Workloads.All(w => w.Decision is not null && w.Pods.Count == SimulatedScrapeFleet.PodsPerWorkload) ? settled + 1 : 0;
                    if (settled == 0) Thread.Sleep(50);
                }
            }
            if (built.Sum(r => r.Pods) != pods) throw new InvalidOperationException("the replicas do not observe every pod exactly once");
            return new Fleet(api, workloads, built);
        }

        /// <summary>What one replica does with its peers each cycle: its owned snapshot encoded, theirs decoded, the served one composed.</summary>
        public SignalSnapshot Exchange(Replica replica)
        {
            replica.Encoded = PeerSnapshots.Encode(replica.Name, 1, replica.Owned);
            var members = new List<(string, IReadOnlyList<WorkloadSignals>)> { (replica.Name, replica.Owned.Workloads) };
            foreach (var peer in Replicas.Where(r => r != replica))
            {
                // Each peer's JSON is made by that peer; only the decoding is this replica's work.
                var json = peer.Encoded ??= PeerSnapshots.Encode(peer.Name, 1, peer.Owned);
                members.Add((peer.Name, PeerSnapshots.Decode(json, _configured).Workloads));
            }
            return SharedSnapshot.Compose(_workloads, DateTimeOffset.UtcNow, members);
        }

        public void Dispose()
        {
            foreach (var r in Replicas) r.Source.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _api.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
