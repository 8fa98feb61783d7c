using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Support;

/// <summary>What the proxy does to each request.</summary>
public enum ProxyFault
{
    /// <summary>Forwards faithfully.</summary>
    None,
    /// <summary>Waits <see cref="FaultyProxy.SlowDelay"/> before forwarding.</summary>
    Slow,
    /// <summary>Answers 200 with an HTML page.</summary>
    NotJson,
    /// <summary>Answers 200 with JSON of the wrong shapes, a different one each time.</summary>
    WrongShape,
    /// <summary>Forwards, then turns every value of the answer into NaN, keeping the series' labels.</summary>
    NaN,
}

/// <summary>
/// An HTTP proxy on loopback in front of Prometheus that the test switches between faults. When the upstream
/// cannot be reached, the client's connection is dropped, as it would be by a dead Prometheus.
/// </summary>
public sealed class FaultyProxy : IAsyncDisposable
{
    private static readonly string[] WrongShapes =
    [
        """[1, 2, 3]""",
        """{"status":"success","data":{"resultType":"matrix","result":[]}}""",
        """{"status":"success","data":[1]}""",
        """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":7},"value":[1,"1"]}]}}""",
        """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"chat-a"},"value":[1,12]}]}}""",
        """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]}]}}""",
    ];

    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly int[] _served = new int[Enum.GetValues<ProxyFault>().Length];
    private volatile ProxyFault _fault;
    private int _shape;

    private FaultyProxy(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static TimeSpan SlowDelay { get; } = TimeSpan.FromSeconds(3);

    /// <summary>Requests answered with a fault, so a test can tell a fault that was served from one the client never asked into.</summary>
    public int Served(ProxyFault fault) => Volatile.Read(ref _served[(int)fault]);

    public ProxyFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    public static async Task<FaultyProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultyProxy(app);
        app.Run(ctx => proxy.HandleAsync(ctx, upstream));
        await app.StartAsync();
        proxy.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    private async Task HandleAsync(HttpContext ctx, Uri upstream)
    {
        var fault = _fault;
        Interlocked.Increment(ref _served[(int)fault]);
        switch (fault)
        {
            case ProxyFault.NotJson:
                ctx.Response.ContentType = "text/html";
                await ctx.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return;
            case ProxyFault.WrongShape:
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(WrongShapes[Interlocked.Increment(ref _shape) % WrongShapes.Length]);
                return;
            case ProxyFault.Slow:
                try
                {
                    await Task.Delay(SlowDelay, ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                break;
        }

        using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), new Uri(upstream, ctx.Request.Path + ctx.Request.QueryString));
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (ctx.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(request, ctx.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            ctx.Abort();
            return;
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (fault == ProxyFault.NaN) bytes = WithNaNValues(bytes);
            ctx.Response.StatusCode = (int)response.StatusCode;
            ctx.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await ctx.Response.Body.WriteAsync(bytes);
        }
    }

    private static byte[] WithNaNValues(byte[] body)
    {
        var root = JsonNode.Parse(body);
        if (root?["data"]?["result"] is not JsonArray result) return body;
        foreach (var series in result)
            if (series?["value"] is JsonArray { Count: 2 } pair) pair[1] = "NaN";
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
