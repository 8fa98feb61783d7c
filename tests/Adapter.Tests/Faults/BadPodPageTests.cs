using System.Diagnostics;
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

namespace Headroom.Adapter.Tests.Faults;

/// <summary>
/// Scrape mode with pods whose /metrics bodies are truncated, huge, binary, endless or a redirect, next to one good pod:
/// each bad body is cut off at its limit and reported, and the good pod's readings are untouched.
/// </summary>
public sealed class BadPodPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(1);
    private readonly FakePodsApi _api = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<IAsyncDisposable> _servers = [];
    private readonly int _port = FreePort.Next();
    private int _redirectedScrapes;
    private ScrapeSource _source = null!;

    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Engine = EngineKind.Vllm, Source = SourceKind.Scrape };

    public async Task InitializeAsync()
    {
        var good = FakeExporter.Vllm(100, 500, 2, 3, 0.25);
        await PodAsync("chat-good", "127.0.0.2", ctx => ctx.Response.WriteAsync(good(1)));
        // Declares its full length, sends half, and closes the connection.
        await PodAsync("chat-truncated", "127.0.0.3", async ctx =>
        {
            var page = Encoding.UTF8.GetBytes(good(1));
            ctx.Response.ContentLength = page.Length;
            await ctx.Response.StartAsync();
            await ctx.Response.Body.WriteAsync(page.AsMemory(0, page.Length / 2));
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(200);
            ctx.Abort();
        });
        // Valid lines, chunked with no declared length, far beyond the limit.
        await PodAsync("chat-huge", "127.0.0.4", async ctx =>
        {
            var line = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("vllm:num_requests_waiting{engine=\"0\",model_name=\"m\"} 2\n", 100)));
            for (var written = 0; written < 64 * MaxBodyBytes && !ctx.RequestAborted.IsCancellationRequested; written += line.Length)
                await ctx.Response.Body.WriteAsync(line, ctx.RequestAborted);
        });
        await PodAsync("chat-binary", "127.0.0.5", ctx =>
        {
            var bytes = new byte[8 * 1024];
            new Random(7).NextBytes(bytes);
            return ctx.Response.Body.WriteAsync(bytes).AsTask();
        });
        // A stream that never ends, a little at a time, so the timeout (not the size limit) cuts it off.
        await PodAsync("chat-endless", "127.0.0.6", async ctx =>
        {
            ctx.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
            while (!ctx.RequestAborted.IsCancellationRequested)
            {
                await ctx.Response.WriteAsync("# still going\n", ctx.RequestAborted);
                await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                await Task.Delay(20, ctx.RequestAborted);
            }
        });
        // Answers with a redirect to an address the pod chose, where the attacker watches for the scraper.
        await PodAsync("chat-redirect", "127.0.0.7", ctx =>
        {
            ctx.Response.Redirect($"http://127.0.0.8:{_port}/metrics");
            return Task.CompletedTask;
        });
        await ServerAsync("127.0.0.8", ctx =>
        {
            Interlocked.Increment(ref _redirectedScrapes);
            return ctx.Response.WriteAsync(good(1));
        });
        _source = new ScrapeSource(_api.Client(), ScrapeHttp.Create(),
            ScrapeOptions.Default with { Port = _port, Timeout = ScrapeTimeout, MaxBodyBytes = MaxBodyBytes },
            TimeSpan.FromSeconds(2), TimeProvider.System, _logs.CreateFactory().CreateLogger<ScrapeSource>());
    }

    [Fact]
    public async Task Truncated_huge_binary_and_endless_pages_are_cut_off_and_reported_and_the_good_pod_is_read()
    {
        await Poll.UntilAsync(async () => await _source.ObserveAsync(Chat, CancellationToken.None), TimeSpan.FromSeconds(10));

        // Only what the measured observation logs counts: a warm-up on a loaded machine can time out every pod.
        var logged = _logs.Lines.Count;
        var clock = Stopwatch.StartNew();
        var observation = await _source.ObserveAsync(Chat, CancellationToken.None);
        clock.Stop();

        var pods = observation.Pods.ToDictionary(p => p.Name);
        Assert.Equal(["chat-binary", "chat-endless", "chat-good", "chat-huge", "chat-redirect", "chat-truncated"], pods.Keys.Order());
        var good = pods["chat-good"].Engine;
        Assert.Equal(2, good.RequestsWaiting);
        Assert.Equal(3, good.RequestsRunning);
        Assert.Equal(0.25, good.KvCacheUsage);
        Assert.Equal(100, good.GenerationTokensTotal);
        Assert.Equal(500, good.PromptTokensTotal);
        foreach (var bad in new[] { "chat-truncated", "chat-huge", "chat-binary", "chat-endless", "chat-redirect" })
        {
            Assert.True(pods[bad].Ready, bad);
            Assert.Equal(new EngineReading(null, null, null, null, null, null), pods[bad].Engine);
        }
        // Pods are scraped concurrently: the endless one costs one timeout, not more, and holds nobody up.
        Assert.True(clock.Elapsed < ScrapeTimeout * 5, $"observation took {clock.Elapsed.TotalSeconds:F1} s");

        var warnings = _logs.Lines.Skip(logged).Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToArray();
        foreach (var warning in warnings) output.WriteLine(warning);
        Assert.Contains(warnings, l => l.Contains("llm/chat-truncated failed"));
        Assert.Contains(warnings, l => l.Contains("llm/chat-huge failed: page cut off at the 65536-byte limit"));
        Assert.Contains(warnings, l => l.Contains("llm/chat-binary has") && l.Contains("bad lines"));
        Assert.Contains(warnings, l => l.Contains("llm/chat-endless failed: no complete page within 1000 ms"));
        Assert.Contains(warnings, l => l.Contains("llm/chat-redirect failed: HTTP 302"));
        Assert.Equal(0, Volatile.Read(ref _redirectedScrapes));
        Assert.DoesNotContain(warnings, l => l.Contains("chat-good"));
    }

    private async Task PodAsync(string name, string ip, RequestDelegate serve)
    {
        await ServerAsync(ip, serve);
        _api.Upsert(FakePodsApi.Pod(name, "chat", ready: true, ip: ip));
    }

    private async Task ServerAsync(string ip, RequestDelegate serve)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{ip}:{_port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/metrics", async ctx =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4";
            try
            {
                await serve(ctx);
            }
            catch (OperationCanceledException)
            {
                // The scraper hung up, as it should.
            }
        });
        await app.StartAsync();
        _servers.Add(app);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        foreach (var server in _servers) await server.DisposeAsync();
        await _api.DisposeAsync();
    }
}
