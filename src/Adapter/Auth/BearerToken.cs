using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;

namespace Headroom.Adapter.Auth;

/// <summary>A bearer token from an Authorization header, with the fingerprint that review verdicts are cached under.</summary>
public sealed class BearerToken
{
    private const string Scheme = "Bearer";

    private BearerToken(string header, string token)
    {
        Header = header;
        Token = token;
        Fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>The Authorization header value the token was read from.</summary>
    public string Header { get; }

    /// <summary>The token itself; only TokenReview may see it.</summary>
    public string Token { get; }

    /// <summary>The token's SHA-256, safe to keep as a cache key.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// The bearer token in an Authorization header value, as Kubernetes' bearertoken authenticator reads it: the
    /// scheme in any case, one space, then a non-empty token; anything after a further space is ignored.
    /// </summary>
    public static BearerToken? FromHeader(string header)
    {
        var value = header.AsSpan();
        if (value.Length <= Scheme.Length || value[Scheme.Length] != ' ' || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = value[(Scheme.Length + 1)..];
        var space = token.IndexOf(' ');
        if (space >= 0) token = token[..space];
        return token.IsEmpty ? null : new BearerToken(header, token.ToString());
    }

    /// <summary>
    /// The request's bearer token. A keep-alive connection sends the same header request after request, so an
    /// HTTP/1.1 connection remembers the last one read and its fingerprint instead of hashing the token every time.
    /// </summary>
    public static BearerToken? FromRequest(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return null;
        // Only over HTTP/1.1, where a connection carries one request at a time: HTTP/2 runs a connection's streams
        // concurrently, and its items are not safe to share between threads.
        var connection = HttpProtocol.IsHttp11(context.Request.Protocol) ? context.Features.Get<IConnectionItemsFeature>()?.Items : null;
        if (connection is not null && connection.TryGetValue(typeof(BearerToken), out var last) && last is BearerToken known && known.Header == header)
            return known;
        var token = FromHeader(header);
        if (connection is not null && token is not null) connection[typeof(BearerToken)] = token;
        return token;
    }
}
