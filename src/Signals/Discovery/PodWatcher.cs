using System.Collections.Concurrent;
using System.Collections.Immutable;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Discovery;

/// <summary>
/// Keeps the pods of one namespace and selector current, as an informer does: list, then watch from the
/// list's resourceVersion, and list again when the watch ends or fails (a 410 Gone included).
/// Readers get an immutable copy and never wait on the API.
/// </summary>
public sealed class PodWatcher : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _selector;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, DiscoveredPod> _pods = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private volatile bool _synced;

    /// <summary>Starts watching; the first list happens in the background.</summary>
    public PodWatcher(IKubernetes client, string ns, string selector, ILogger logger)
    {
        _client = client;
        _namespace = ns;
        _selector = selector;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Whether the first list has completed; before it, the pod set is unknown, not empty.</summary>
    public bool Synced => _synced;

    /// <summary>The pods now, in name order.</summary>
    public ImmutableArray<DiscoveredPod> Pods => [.. _pods.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];

    private async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var version = await ListAsync(ct);
                backoff = TimeSpan.FromMilliseconds(200);
                await WatchAsync(version, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or IOException or KubernetesException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "Listing or watching pods in {Namespace} with selector {Selector} failed; retrying in {Backoff}",
                    _namespace, _selector, backoff);
                try
                {
                    await Task.Delay(backoff, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: _selector, cancellationToken: ct);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in list.Items)
        {
            names.Add(pod.Metadata.Name);
            _pods[pod.Metadata.Name] = DiscoveredPod.From(pod);
        }
        foreach (var gone in _pods.Keys.Where(k => !names.Contains(k)).ToArray()) _pods.TryRemove(gone, out _);
        _synced = true;
        return list.Metadata.ResourceVersion;
    }

    private async Task WatchAsync(string resourceVersion, CancellationToken ct)
    {
        var events = _client.CoreV1.WatchListNamespacedPodAsync(_namespace, labelSelector: _selector,
            resourceVersion: resourceVersion, allowWatchBookmarks: true, cancellationToken: ct);
        await foreach (var (type, pod) in events)
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    _pods[pod.Metadata.Name] = DiscoveredPod.From(pod);
                    break;
                case WatchEventType.Deleted:
                    _pods.TryRemove(pod.Metadata.Name, out _);
                    break;
                case WatchEventType.Error:
                    // Usually 410 Gone: the resourceVersion is too old. Relisting is the cure.
                    throw new InvalidOperationException("the pod watch reported an error event");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
