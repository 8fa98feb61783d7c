using System.Text;
using BenchmarkDotNet.Attributes;
using Headroom.Signals.Configuration;
using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Tests.Exposition;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Bench.Pipeline;

/// <summary>
/// One pipeline cycle in scrape mode, from page bytes to the snapshot with desired replicas: the real
/// <see cref="ScrapeSource"/> (pods from a list-and-watch against a stand-in API server, each page fetched through
/// HttpClient, size-limited, parsed, read by the vLLM preset), then per-pod rates and EWMAs, workload sums,
/// the replica decision and the snapshot's indexes. The pages come from an in-memory HTTP handler, so sockets
/// and the kernel are left out; everything Headroom itself does per page is in. Baseline: the parser alone over
/// the same pages.
/// </summary>
[MemoryDiagnoser]
public class PipelineCycleBenchmarks
{
    private FakePodsApi _api = null!;
    private ScrapeSource _source = null!;
    private SignalPipeline _pipeline = null!;
    private byte[][] _pages = [];
    private readonly ExpositionParser _parser = new(new ParserOptions { Families = new PageReader(EnginePresets.For(EngineKind.Vllm)).Families });

    /// <summary>Ready pods in the fleet, 100 per workload.</summary>
    [Params(200, 2000)]
    public int Pods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var fleet = SimulatedScrapeFleet.Create(Pods);
        _pages = fleet.Pages;
        _api = fleet.Api;
        var workloads = fleet.Workloads;
        var http = new HttpClient(new InMemoryPages(_pages, fleet.Addresses)) { Timeout = Timeout.InfiniteTimeSpan };
        _source = new ScrapeSource(_api.Client(), http, ScrapeOptions.Default, TimeSpan.FromSeconds(2), TimeProvider.System, NullLogger<ScrapeSource>.Instance);
        _pipeline = new SignalPipeline(workloads, _source, new SignalOptions(), TimeProvider.System, NullLogger<SignalPipeline>.Instance);

        // Until every watcher has listed its pods, and twice more so that every pod has a rate.
        var settled = 0;
        for (var attempt = 0; settled < 3; attempt++)
        {
            if (attempt > 200) throw new InvalidOperationException("the pod watchers did not sync");
            var result = _pipeline.RunCycleAsync(CancellationToken.None).GetAwaiter().GetResult();
            settled = result.SourceFailures == 0 && result.Snapshot.Workloads.Sum(w => w.Pods.Count) == Pods ? settled + 1 : 0;
            if (settled == 0) Thread.Sleep(50);
        }
        var check = Cycle();
        if (check.Workloads.Any(w => w.Decision is null))
            throw new InvalidOperationException("a workload has no replica decision; the benchmark would measure a short cut");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _api.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Baseline: only parsing the pages that one cycle reads, keeping the families the vLLM preset reads.</summary>
    [Benchmark(Baseline = true)]
    public int ParseOnly()
    {
        var samples = 0;
        for (var i = 0; i < Pods; i++)
            samples += _parser.Parse(_pages[i % SimulatedScrapeFleet.PageVariants], ExpositionFormat.PrometheusText).Families.Count;
        return samples;
    }

    /// <summary>One full cycle over every workload.</summary>
    [Benchmark]
    public SignalSnapshot Cycle() => _pipeline.RunCycleAsync(CancellationToken.None).GetAwaiter().GetResult().Snapshot;
}
