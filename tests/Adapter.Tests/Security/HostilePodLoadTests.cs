using System.Diagnostics;
using System.Net;
using System.Text;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Configuration;
using Headroom.Signals.Engines;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Headroom.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// Tests that measure the process's managed heap, which every test running beside them would add to, so they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMemoryCollection
{
    public const string Name = "process-wide memory";
}

/// <summary>
/// 200 pods scraped by the adapter's own scraper, 20 of them hostile: pages that never end, pages of huge label
/// values, pages whose label values are new on every scrape, and pages that answer too late. Over many cycles the
/// honest pods' readings stay exact, every hostile pod reads as failed, and the memory the scraper keeps stays within its stated bound.
/// </summary>
[Collection(ProcessWideMemoryCollection.Name)]
public sealed class HostilePodLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Pods = 200;
    private const int Hostile = 20;
    // The whole test process (the stand-in pods included), which is an upper bound on the scraper's own share.
    private const long RssBound = 1536L << 20;
    private const long HeapBound = 64L << 20;
    private readonly FakePodsApi _api = new();
    private readonly int _port = FreePort.Next();
    private WebApplication _pods = null!;
    private ScrapeSource _source = null!;

    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Engine = EngineKind.Vllm, Source = SourceKind.Scrape, Dcgm = false };

    private static IPAddress Address(int pod) => IPAddress.Parse($"127.0.3.{pod + 1}");

    private static string Name(int pod) => pod < Hostile ? $"chat-hostile-{pod}" : $"chat-{pod}";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var pod = 0; pod < Pods; pod++) k.Listen(Address(pod), _port);
        });
        _pods = builder.Build();
        var scrapes = 0;
        _pods.MapGet("/metrics", async ctx =>
        {
            var pod = ctx.Connection.LocalIpAddress!.GetAddressBytes()[3] - 1;
            ctx.Response.ContentType = "text/plain; version=0.0.4";
            try
            {
                await ServeAsync(ctx, pod, Interlocked.Increment(ref scrapes));
            }
            catch (OperationCanceledException)
            {
                // The scraper hung up, as it should.
            }
        });
        await _pods.StartAsync();
        for (var pod = 0; pod < Pods; pod++) _api.Upsert(FakePodsApi.Pod(Name(pod), "chat", ready: true, ip: Address(pod).ToString()));
        _source = new ScrapeSource(_api.Client(), ScrapeHttp.Create(), ScrapeOptions.Default with { Port = _port, Timeout = TimeSpan.FromSeconds(3) },
            TimeSpan.FromSeconds(2), TimeProvider.System, LoggerFactory.Create(_ => { }).CreateLogger<ScrapeSource>());
    }

    private static async Task ServeAsync(HttpContext ctx, int pod, int scrape)
    {
        var body = ctx.Response.Body;
        switch (pod < Hostile ? pod % 4 : -1)
        {
            case 0: // Endless: valid lines, forever (in bursts, so that the stand-in does not take the test's CPU).
                ctx.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
                var lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("vllm:num_requests_waiting{engine=\"0\",model_name=\"m\"} 9\n", 500)));
                while (!ctx.RequestAborted.IsCancellationRequested)
                {
                    await body.WriteAsync(lines, ctx.RequestAborted);
                    await Task.Delay(5, ctx.RequestAborted);
                }
                return;
            case 1: // Huge label values, up to the page size limit.
                var huge = new string('m', 60_000);
                for (var i = 0; i < 120; i++) await ctx.Response.WriteAsync($"vllm:num_requests_waiting{{engine=\"{i}\",model_name=\"{i}{huge}\"}} 9\n", ctx.RequestAborted);
                return;
            case 2: // High cardinality: new label values on every scrape.
                var page = new StringBuilder("# TYPE vllm:num_requests_waiting gauge\n");
                for (var i = 0; i < 300; i++) page.Append($"vllm:num_requests_waiting{{engine=\"{scrape}-{i}\",model_name=\"{Guid.NewGuid()}{new string('c', 8_000)}\"}} 9\n");
                await ctx.Response.WriteAsync(page.ToString(), ctx.RequestAborted);
                return;
            case 3: // Slow: the page comes after the scrape timeout.
                await Task.Delay(TimeSpan.FromSeconds(8), ctx.RequestAborted);
                await ctx.Response.WriteAsync(FakeExporter.Vllm(1, 1, 9, 9, 0.9)(1), ctx.RequestAborted);
                return;
            default:
                await ctx.Response.WriteAsync(FakeExporter.Vllm(100, 400, pod % 7, 3, 0.25)(scrape), ctx.RequestAborted);
                return;
        }
    }

    [Fact]
    public async Task Honest_pods_read_exactly_hostile_ones_fail_and_memory_stays_within_its_bound()
    {
        await Poll.UntilAsync(async () => await _source.ObserveAsync(Chat, CancellationToken.None), TimeSpan.FromSeconds(20));
        long? settled = null;
        for (var cycle = 0; cycle < 10; cycle++)
        {
            var observation = await _source.ObserveAsync(Chat, CancellationToken.None);
            var pods = observation.Pods.ToDictionary(p => p.Name);
            Assert.Equal(Pods, pods.Count);
            for (var pod = 0; pod < Pods; pod++)
            {
                var engine = pods[Name(pod)].Engine;
                if (pod < Hostile)
                {
                    Assert.True(engine == EngineReading.None, $"{Name(pod)} (kind {pod % 4}) was read: {engine}");
                    continue;
                }
                Assert.Equal((double)(pod % 7), engine.RequestsWaiting);
                Assert.Equal(3, engine.RequestsRunning);
                Assert.Equal(0.25, engine.KvCacheUsage);
            }
            if (cycle == 1) settled = GC.GetTotalMemory(forceFullCollection: true);
        }

        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - settled!.Value;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine($"managed heap growth over 8 cycles: {heapGrowth >> 20} MiB; process RSS {process.WorkingSet64 >> 20} MiB");
        // What the scraper may keep whatever pods serve: per concurrent scrape (64) a parser's caches (2 x 256 KiB)
        // and a body buffer (256 KiB), 48 MiB in all; hostile pages reach more of them as cycles go on.
        Assert.True(heapGrowth < HeapBound, $"the managed heap grew {heapGrowth >> 20} MiB over 8 cycles");
        Assert.True(process.WorkingSet64 < RssBound, $"RSS {process.WorkingSet64 >> 20} MiB is over {RssBound >> 20} MiB");
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _pods.DisposeAsync();
        await _api.DisposeAsync();
    }
}
