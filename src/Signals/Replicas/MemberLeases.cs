using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Replicas;

/// <summary>
/// One coordination.k8s.io/v1 Lease per replica: renewing its own says it is alive, listing the group's says who else
/// is. A member is live while its Lease keeps changing: liveness is judged by when this replica saw the Lease's
/// resourceVersion change, on its own clock, as client-go's leader election does, so clocks that disagree between
/// nodes cannot make a dead member look alive or a live one dead.
/// </summary>
public sealed class MemberLeases(IKubernetes client, ReplicaOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The annotation on a member's Lease that carries its peer address.</summary>
    public const string PeerAddressAnnotation = "headroom.dev/peer-address";

    // Per Lease name: the resourceVersion last seen and when it was first seen, on this replica's clock.
    private readonly Dictionary<string, (string? Version, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);

    /// <summary>Renews this replica's Lease (creating it the first time), then lists the group's live members.</summary>
    /// <exception cref="HttpOperationException">The API refused or failed a call.</exception>
    public async Task<Membership> RenewAsync(Uri peerAddress, CancellationToken cancellationToken)
    {
        await RenewOwnAsync(peerAddress, cancellationToken);
        var leases = await client.CoordinationV1.ListNamespacedLeaseAsync(options.Namespace,
            labelSelector: $"{ReplicaOptions.GroupLabel}={options.Group}", cancellationToken: cancellationToken);
        var now = time.GetUtcNow();
        var members = new List<Member>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in leases.Items)
        {
            var name = lease.Metadata?.Name;
            var holder = lease.Spec?.HolderIdentity;
            if (name is null || string.IsNullOrEmpty(holder) || name != options.LeaseName(holder)) continue;
            names.Add(name);
            var version = lease.Metadata!.ResourceVersion;
            if (!_seen.TryGetValue(name, out var seen) || seen.Version != version) _seen[name] = seen = (version, now);
            var duration = TimeSpan.FromSeconds(Math.Max(1, lease.Spec!.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds));
            var self = holder == options.Identity;
            if (!self && now - seen.Since >= duration) continue;
            members.Add(new Member(holder, self ? peerAddress : PeerAddressOf(lease)));
        }
        foreach (var gone in _seen.Keys.Where(k => !names.Contains(k)).ToArray()) _seen.Remove(gone);
        await CollectAbandonedAsync(now, cancellationToken);
        // Our own renewal just succeeded, so we are a member even if the list was read from a cache that lags it.
        if (members.All(m => m.Identity != options.Identity)) members.Add(new Member(options.Identity, peerAddress));
        members.Sort((a, b) => string.CompareOrdinal(a.Identity, b.Identity));
        return new Membership(options.Identity, members, now);
    }

    /// <summary>Deletes this replica's Lease, so that the others take its workloads over at once rather than after the lease duration.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.CoordinationV1.DeleteNamespacedLeaseAsync(options.LeaseName(options.Identity), options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    // Each pod of a Deployment has a new name, so the Leases of replicas that died without deleting theirs would pile up
    // across rollouts. One unchanged for ten lease durations is deleted, on the condition that it is still the version
    // seen: a member that came back meanwhile keeps its Lease.
    private async Task CollectAbandonedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (name, seen) in _seen.Where(s => now - s.Value.Since > options.LeaseDuration * 10).ToArray())
        {
            try
            {
                await client.CoordinationV1.DeleteNamespacedLeaseAsync(name, options.Namespace,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = seen.Version } }, cancellationToken: cancellationToken);
                _seen.Remove(name);
                logger.LogInformation("Deleted member Lease {Namespace}/{Lease}, abandoned since {Since:O}", options.Namespace, name, seen.Since);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                _seen.Remove(name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Tidying must never fail a renewal; it is tried again ten lease durations on.
                _seen[name] = (seen.Version, now);
                logger.LogWarning(ex, "Deleting abandoned member Lease {Namespace}/{Lease} failed", options.Namespace, name);
            }
        }
    }

    private async Task RenewOwnAsync(Uri peerAddress, CancellationToken cancellationToken)
    {
        var name = options.LeaseName(options.Identity);
        var now = time.GetUtcNow().UtcDateTime;
        V1Lease? lease;
        try
        {
            lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, options.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            lease = null;
        }
        if (lease is null)
        {
            await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = options.Namespace,
                    Labels = new Dictionary<string, string> { [ReplicaOptions.GroupLabel] = options.Group },
                    Annotations = new Dictionary<string, string> { [PeerAddressAnnotation] = peerAddress.ToString() },
                },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = options.Identity,
                    LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaseTransitions = 0,
                },
            }, options.Namespace, cancellationToken: cancellationToken);
            logger.LogInformation("Created member Lease {Namespace}/{Lease}", options.Namespace, name);
            return;
        }
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = options.Identity;
        lease.Spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
        lease.Spec.RenewTime = now;
        lease.Metadata.Labels ??= new Dictionary<string, string>();
        lease.Metadata.Labels[ReplicaOptions.GroupLabel] = options.Group;
        lease.Metadata.Annotations ??= new Dictionary<string, string>();
        lease.Metadata.Annotations[PeerAddressAnnotation] = peerAddress.ToString();
        // The resourceVersion read above makes this conditional: a 409 means someone else wrote it meanwhile, and the
        // next renewal reads it again.
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, options.Namespace, cancellationToken: cancellationToken);
    }

    private static Uri? PeerAddressOf(V1Lease lease) =>
        lease.Metadata.Annotations?.TryGetValue(PeerAddressAnnotation, out var value) == true
        && Uri.TryCreate(value, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttps
            ? address
            : null;
}
