using System.Net;
using System.Net.Sockets;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Sources.Scrape;
using Headroom.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Security;

/// <summary>Tests that change the process-wide default proxy, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideProxyCollection
{
    public const string Name = "process-wide proxy";
}

/// <summary>
/// The attack: the adapter's environment names a proxy (meant for its outbound traffic to the API or Prometheus),
/// and whoever controls or watches that proxy would see, and could answer, every pod scrape. Pod IPs are scraped directly.
/// </summary>
[Collection(ProcessWideProxyCollection.Name)]
public sealed class ScrapeProxyTests
{
    [Fact]
    public async Task A_default_proxy_is_not_used_for_pods_though_an_ordinary_client_would_use_it()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var proxied = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await proxy.AcceptSocketAsync();
                Interlocked.Increment(ref proxied);
            }
        });
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.9:{port}");
        await using var pod = builder.Build();
        pod.MapGet("/metrics", () => "vllm:num_requests_waiting 1\n");
        await pod.StartAsync();
        var page = new Uri($"http://127.0.0.9:{port}/metrics");

        var before = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new WebProxy($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}") { BypassProxyOnLocal = false };
        try
        {
            using (var ordinary = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                await Assert.ThrowsAnyAsync<Exception>(() => ordinary.GetAsync(page));
            }
            Assert.True(Volatile.Read(ref proxied) > 0, "the control client did not use the proxy, so this test would prove nothing");
            Interlocked.Exchange(ref proxied, 0);

            using var scraper = ScrapeHttp.Create();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await scraper.GetAsync(page, timeout.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(0, Volatile.Read(ref proxied));
        }
        finally
        {
            HttpClient.DefaultProxy = before;
        }
    }
}
