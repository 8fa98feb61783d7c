using Headroom.Adapter.Api;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Headroom.Adapter.Hosting;

/// <summary>
/// Request size limits in two layers. Kestrel's own limits, which refuse a request by dropping its connection
/// under HTTP/2, are set to what the kube-apiserver accepts, so nothing the aggregator forwards reaches them. The
/// limits this server holds requests to are checked per request and answered with a Status on the request's own
/// stream, so one oversized request never takes down the other requests multiplexed on the aggregator's connection.
/// </summary>
public static class RequestSizeLimits
{
    /// <summary>Go's http.DefaultMaxHeaderBytes, which the kube-apiserver serves with: the most it forwards.</summary>
    public const int KubeApiserverMaxHeaderBytes = 1 << 20;

    /// <summary>The longest path and query answered; longer gets 414.</summary>
    public const int MaxRequestTargetBytes = 16 * 1024;

    /// <summary>The most header bytes answered (names, values and 32 bytes each, as HTTP/2 counts them); more gets 431.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    // HPACK's per-field overhead (RFC 7541, section 4.1), also how SETTINGS_MAX_HEADER_LIST_SIZE counts.
    private const int FieldOverhead = 32;

    /// <summary>Sets Kestrel's connection-level limits for the HTTPS and gRPC listeners.</summary>
    public static void Configure(KestrelServerLimits limits)
    {
        // The request line and headers must also fit Kestrel's per-connection input buffer.
        const int withOverhead = KubeApiserverMaxHeaderBytes + 64 * 1024;
        limits.MaxRequestBufferSize = 2L * withOverhead;
        limits.MaxRequestLineSize = KubeApiserverMaxHeaderBytes;
        limits.MaxRequestHeadersTotalSize = withOverhead;
        limits.Http2.MaxRequestHeaderFieldSize = withOverhead;
    }

    /// <summary>Refuses a request over the per-request limits with a Status; place it first.</summary>
    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        var request = ctx.Request;
        var target = request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxRequestTargetBytes)
            return StatusResponses.WriteAsync(ctx, StatusCodes.Status414RequestUriTooLong,
                $"the request URI is {target} bytes long, more than the {MaxRequestTargetBytes} this server accepts");
        long headers = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values) headers += name.Length + (value?.Length ?? 0) + FieldOverhead;
        }
        return headers > MaxHeaderBytes
            ? StatusResponses.WriteAsync(ctx, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"the request headers are {headers} bytes, more than the {MaxHeaderBytes} this server accepts")
            : next(ctx);
    });
}
