using System.Net;

namespace Headroom.Signals.Replicas;

/// <summary>
/// Reads a peer's owned snapshot over HTTPS. The peer holds the request until it publishes a generation other than
/// the one named (a long poll), so a new snapshot reaches the other replicas as soon as its owner has it.
/// The handler, with its certificates, is the host's to give.
/// </summary>
public sealed class PeerClient(HttpClient http)
{
    /// <summary>The path peers serve their owned snapshot at.</summary>
    public const string Path = "/peer/v1/snapshot";

    /// <summary>Most bytes one peer snapshot may take: a quarter of 40,000 pods fits many times over.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The peer's snapshot after generation <paramref name="after"/>, as <see cref="PeerSnapshots"/> encodes it.</summary>
    /// <exception cref="HttpRequestException">The peer could not be reached or refused.</exception>
    public async Task<byte[]> FetchAsync(Uri peer, long after, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(peer, $"{Path}?after={after}"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"peer {peer} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        if (response.Content.Headers.ContentLength > MaxBytes)
            throw new HttpRequestException($"peer {peer} sent {response.Content.Headers.ContentLength} bytes, over {MaxBytes}");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }
}
