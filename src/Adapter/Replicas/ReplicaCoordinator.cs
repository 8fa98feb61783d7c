using Headroom.Serving;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Headroom.Adapter.Replicas;

/// <summary>
/// Keeps this replica in its group: renews its Lease, follows the members, reads each peer's owned snapshot and
/// publishes what every replica serves alike: its own workloads' latest signals and its peers', the latest of each.
/// </summary>
public sealed class ReplicaCoordinator(
    ReplicaPlan plan,
    IReadOnlyList<WorkloadSpec> workloads,
    WorkloadOwnership ownership,
    MemberLeases leases,
    PeerClient peers,
    SnapshotStore store,
    SignalOptions signals,
    IServer server,
    Keda.KedaListener keda,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ReplicaCoordinator> logger) : BackgroundService
{
    private readonly IReadOnlyDictionary<(string, string), WorkloadSpec> _configured = workloads.ToDictionary(w => (w.Namespace, w.Id));
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset BuiltAt, IReadOnlyList<WorkloadSignals> Workloads)> _peerSignals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Uri Address, CancellationTokenSource Stop, Task Pull)> _pullers = new(StringComparer.Ordinal);
    private Owned _owned = new(0, SignalSnapshot.Empty, null);
    private TaskCompletionSource _nextOwned = NewSignal();

    /// <summary>This replica's name in its group.</summary>
    public string Identity => plan.Options.Identity;

    /// <summary>The latest owned snapshot's generation and bytes, for peers.</summary>
    public (long Generation, byte[] Bytes) OwnedSnapshot()
    {
        lock (_gate)
        {
            var owned = _owned;
            if (owned.Bytes is null) _owned = owned = owned with { Bytes = PeerSnapshots.Encode(Identity, owned.Generation, owned.Snapshot) };
            return (owned.Generation, owned.Bytes!);
        }
    }

    /// <summary>Completes when the next owned snapshot is published.</summary>
    public Task NextOwned
    {
        get { lock (_gate) return _nextOwned.Task; }
    }

    /// <summary>Takes a pipeline cycle's snapshot of the owned workloads and publishes the served one.</summary>
    public void PublishOwned(SignalSnapshot owned)
    {
        TaskCompletionSource published;
        lock (_gate)
        {
            _owned = new Owned(_owned.Generation + 1, owned, null);
            published = _nextOwned;
            _nextOwned = NewSignal();
        }
        Republish();
        published.TrySetResult();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The peer address names the bound port, known once the server has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var address = plan.PeerAddress ?? BoundAddress();
        logger.LogInformation("Replica {Identity} of group {Group} shares workloads through Leases in namespace {Namespace}; peers read it at {Address}",
            Identity, plan.Options.Group, plan.Options.Namespace, address);
        var writer = ownership.WriteCheckpointsAsync(stoppingToken);
        using var timer = new PeriodicTimer(plan.Options.RenewInterval, time);
        var failing = false;
        try
        {
            do
            {
                try
                {
                    var membership = await leases.RenewAsync(address, stoppingToken);
                    ownership.Update(membership);
                    FollowPeers(membership);
                    if (failing) logger.LogInformation("Renewing member Lease works again");
                    failing = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Without a fresh list, the last one is the best guess everyone else also holds: dropping every
                    // workload would make all of them stale on every replica while the API is away.
                    if (!failing) logger.LogWarning(ex, "Renewing member Lease or listing the group failed; the last membership stays until the API answers");
                    failing = true;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAsync(writer);
        }
    }

    private async Task StopAsync(Task writer)
    {
        Task[] pulls;
        lock (_gate)
        {
            foreach (var p in _pullers.Values) p.Stop.Cancel();
            pulls = _pullers.Values.Select(p => p.Pull).ToArray();
            _pullers.Clear();
        }
        await Task.WhenAll(pulls.Append(writer)).ContinueWith(_ => { }, TaskScheduler.Default);
        // A graceful stop hands over at once: the state saved so far, then the Lease, so that the others need not wait it out.
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await ownership.FlushAsync(cleanup.Token);
            await leases.ReleaseAsync(cleanup.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Releasing member Lease on shutdown failed; the others take over when it expires");
        }
    }

    private void FollowPeers(Membership membership)
    {
        var live = membership.Peers.Where(p => p.PeerAddress is not null).ToDictionary(p => p.Identity, p => p.PeerAddress!, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var dropped = false;
        lock (_gate)
        {
            foreach (var (name, puller) in _pullers.ToArray())
            {
                if (live.TryGetValue(name, out var address) && address == puller.Address) continue;
                puller.Stop.Cancel();
                _pullers.Remove(name);
            }
            foreach (var (name, address) in live)
            {
                if (_pullers.ContainsKey(name)) continue;
                var stop = new CancellationTokenSource();
                _pullers[name] = (address, stop, Task.Run(() => PullAsync(name, address, stop.Token)));
            }
            // A gone member's signals serve until a newer owner's replace them; once past every bound they serve nothing.
            foreach (var (name, held) in _peerSignals.ToArray())
            {
                if (live.ContainsKey(name) || now - held.BuiltAt <= MaxStaleness) continue;
                _peerSignals.Remove(name);
                dropped = true;
            }
        }
        if (dropped) Republish();
    }

    private TimeSpan MaxStaleness => signals.StaleAfterBySignal.Values.Append(signals.StaleAfter).Max();

    private async Task PullAsync(string member, Uri address, CancellationToken stop)
    {
        long after = -1;
        var failing = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var bytes = await peers.FetchAsync(address, after, stop);
                var (header, signalsOf) = PeerSnapshots.Decode(bytes, _configured);
                if (header.Member != member) throw new InvalidDataException($"the peer at {address} calls itself {header.Member}, not {member}");
                after = header.Generation;
                lock (_gate) _peerSignals[member] = (header.BuiltAt, signalsOf);
                Republish();
                if (failing) logger.LogInformation("Reading peer {Peer} at {Address} works again", member, address);
                failing = false;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested && ex is HttpRequestException or InvalidDataException or TaskCanceledException or IOException)
            {
                if (!failing) logger.LogWarning(ex, "Reading peer {Peer} at {Address} failed; its workloads serve their last values until stale", member, address);
                failing = true;
                try
                {
                    await Task.Delay(plan.Options.RenewInterval, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // One composer at a time, so that a slower one never publishes over a newer one's result.
    private readonly Lock _publishGate = new();

    private void Republish()
    {
        lock (_publishGate)
        {
            List<(string, IReadOnlyList<WorkloadSignals>)> members;
            lock (_gate)
            {
                members = [(Identity, _owned.Snapshot.Workloads), .. _peerSignals.Select(p => (p.Key, p.Value.Workloads))];
            }
            store.Publish(SharedSnapshot.Compose(workloads, time.GetUtcNow(), members));
        }
    }

    private Uri BoundAddress()
    {
        var secure = server.Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))
            .First(a => a.Scheme == Uri.UriSchemeHttps && a.Port != keda.Port);
        // A pod's own IP, given by the downward API; a wildcard bind is otherwise reached on loopback (a test, a single host).
        var host = Environment.GetEnvironmentVariable("POD_IP") is { Length: > 0 } ip ? ip
            : secure.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : secure.Host;
        return new UriBuilder(Uri.UriSchemeHttps, host, secure.Port).Uri;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Owned(long Generation, SignalSnapshot Snapshot, byte[]? Bytes);
}
