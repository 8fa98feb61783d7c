using System.Security.Cryptography;
using Headroom.Adapter.Api;
using Headroom.Adapter.Tls;
using Headroom.Signals.Replicas;
using Microsoft.AspNetCore.Http.Features;

namespace Headroom.Adapter.Replicas;

/// <summary>
/// Serves this replica's owned snapshot to its peers, and only to them: a peer proves itself by presenting the serving
/// certificate every replica of the group mounts, as a client certificate. Nothing else is answered on the path.
/// </summary>
public static class PeerEndpoint
{
    /// <summary>Longest a peer's request is held waiting for a newer snapshot.</summary>
    public static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(10);

    /// <summary>Whether the request is for the peer path.</summary>
    public static bool Owns(HttpContext context) => context.Request.IsHttps && context.Request.Path.StartsWithSegments("/peer");

    /// <summary>Answers a peer's request.</summary>
    public static async Task ServeAsync(HttpContext context, ReplicaCoordinator coordinator, ServingCertificate serving, ILogger logger, CancellationToken stopping)
    {
        var presented = context.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        if (presented is null || !CryptographicOperations.FixedTimeEquals(
                presented.GetCertHash(HashAlgorithmName.SHA256), serving.Current.GetCertHash(HashAlgorithmName.SHA256)))
        {
            logger.LogInformation("Peer request for {Path} refused: client certificate {Certificate}", context.Request.Path.Value,
                presented is null ? "absent" : "not the group's serving certificate");
            await StatusResponses.WriteAsync(context, 401, "Unauthorized");
            return;
        }
        if (context.Request.Path != PeerClient.Path)
        {
            await StatusResponses.WriteAsync(context, 404, "the server could not find the requested resource");
            return;
        }
        if (!long.TryParse(context.Request.Query["after"], out var after))
        {
            await StatusResponses.WriteAsync(context, 400, "after must be a generation number");
            return;
        }
        var next = coordinator.NextOwned;
        var (generation, bytes) = coordinator.OwnedSnapshot();
        if (generation == after)
        {
            // Nothing newer yet: hold the request until there is, or the long poll ends and the peer asks again.
            // A stopping host answers at once rather than holding its shutdown for the rest of the long poll.
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            await Task.WhenAny(next, Task.Delay(LongPoll, held.Token));
            (_, bytes) = coordinator.OwnedSnapshot();
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
