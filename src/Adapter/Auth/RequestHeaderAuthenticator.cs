using System.Security.Cryptography.X509Certificates;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Trusts X-Remote-User, X-Remote-Group and X-Remote-Extra-* only from a front proxy: a client certificate that
/// chains to the requestheader CA and whose CN is an allowed name, as Kubernetes' requestheader authenticator does.
/// The headers are removed from every request, trusted or not, so nothing downstream can read spoofed ones;
/// with no requestheader CA configured, none is trusted and they are only removed.
/// </summary>
public sealed class RequestHeaderAuthenticator(ClientCertificateAuthenticator? proxyCertificates, RequestHeaderOptions options)
{
    /// <summary>The caller the proxy names, or null when the request did not come through a trusted proxy.</summary>
    public UserInfo? Authenticate(X509Certificate2? certificate, IHeaderDictionary headers)
    {
        var proxy = certificate is null ? null : proxyCertificates?.Authenticate(certificate);
        var trusted = proxy is not null && (options.AllowedNames.Count == 0 || options.AllowedNames.Contains(proxy.Name));
        var user = trusted ? FromHeaders(headers) : null;
        Strip(headers);
        return user;
    }

    /// <summary>Whether a certificate is a front-proxy certificate whose name is not allowed, for the log.</summary>
    public bool IsDisallowedProxy(X509Certificate2? certificate) =>
        certificate is not null && proxyCertificates?.Authenticate(certificate) is { } proxy
        && options.AllowedNames.Count > 0 && !options.AllowedNames.Contains(proxy.Name);

    private UserInfo? FromHeaders(IHeaderDictionary headers)
    {
        var name = options.UsernameHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => v.Length > 0);
        if (name is null) return null;
        var groups = options.GroupHeaders.SelectMany(h => headers[h].Where(v => !string.IsNullOrEmpty(v))).Select(v => v!).ToArray();
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            if (ExtraPrefix(header.Key) is not { } prefix) continue;
            // Kubernetes lower-cases extra keys and percent-decodes them, since header names cannot carry every character.
            var key = Uri.UnescapeDataString(header.Key[prefix.Length..]).ToLowerInvariant();
            if (!extra.TryGetValue(key, out var values)) extra[key] = values = [];
            values.AddRange(header.Value.Where(v => v is not null).Select(v => v!));
        }
        return new UserInfo(name, groups) { Extra = extra.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value) };
    }

    // Runs on every request, so it walks the headers once and allocates only when there is something to remove.
    private void Strip(IHeaderDictionary headers)
    {
        foreach (var h in options.UsernameHeaders) headers.Remove(h);
        foreach (var h in options.GroupHeaders) headers.Remove(h);
        List<string>? extra = null;
        foreach (var header in headers)
            if (ExtraPrefix(header.Key) is not null) (extra ??= []).Add(header.Key);
        if (extra is null) return;
        foreach (var key in extra) headers.Remove(key);
    }

    // The --requestheader-extra-headers-prefix the header starts with, or null; a loop, as Strip runs on every request.
    private string? ExtraPrefix(string header)
    {
        foreach (var prefix in options.ExtraHeaderPrefixes)
            if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return prefix;
        return null;
    }
}
