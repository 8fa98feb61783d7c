using System.Text;
using Headroom.Signals.Configuration;
using Headroom.Signals.Exposition;
using Headroom.Signals.Tests.Exposition;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Bench.Pipeline;

/// <summary>
/// The pipeline benchmarks' fleet in scrape mode: ready vLLM pods in the stand-in pods API, 100 per workload, each at
/// its own loopback address, and two-engine vLLM pages in memory (different counter values per variant) that
/// <see cref="InMemoryPages"/> serves by address.
/// </summary>
public sealed class SimulatedScrapeFleet
{
    /// <summary>Pods per workload.</summary>
    public const int PodsPerWorkload = 100;

    /// <summary>Distinct pages the pods are given in turn.</summary>
    public const int PageVariants = 16;

    private SimulatedScrapeFleet(byte[][] pages, FakePodsApi api, Dictionary<string, int> addresses, WorkloadSpec[] workloads)
    {
        Pages = pages;
        Api = api;
        Addresses = addresses;
        Workloads = workloads;
    }

    /// <summary>The page variants, as the exposition text's bytes.</summary>
    public byte[][] Pages { get; }

    /// <summary>The stand-in pods API holding every pod.</summary>
    public FakePodsApi Api { get; }

    /// <summary>Each pod's address and its index, which picks its page.</summary>
    public Dictionary<string, int> Addresses { get; }

    /// <summary>One scrape workload per 100 pods, without DCGM.</summary>
    public WorkloadSpec[] Workloads { get; }

    /// <summary>A fleet of <paramref name="pods"/> ready pods.</summary>
    public static SimulatedScrapeFleet Create(int pods)
    {
        var pages = Enumerable.Range(0, PageVariants)
            .Select(seed => Encoding.UTF8.GetBytes(VllmMetricsPage.Generate(ExpositionFormat.PrometheusText, seed: seed)))
            .ToArray();
        var api = new FakePodsApi();
        var addresses = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pods; i++)
        {
            var ip = $"127.{1 + i / 62_500}.{i / 250 % 250}.{i % 250 + 1}";
            addresses[ip] = i;
            var pod = FakePodsApi.Pod($"chat-{i / PodsPerWorkload}-{i % PodsPerWorkload:D3}", $"chat-{i / PodsPerWorkload}", ready: true, ip: ip);
            pod.Spec.NodeName = $"node-{i / 8}";
            api.Upsert(pod);
        }
        var workloads = Enumerable.Range(0, pods / PodsPerWorkload).Select(w => new WorkloadSpec
        {
            Name = $"chat-{w}",
            Namespace = "llm",
            Selector = $"app=chat-{w}",
            Source = SourceKind.Scrape,
            Dcgm = false,
        }).ToArray();
        return new SimulatedScrapeFleet(pages, api, addresses, workloads);
    }
}
