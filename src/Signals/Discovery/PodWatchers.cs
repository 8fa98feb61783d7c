using System.Collections.Concurrent;
using k8s;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Discovery;

/// <summary>One pod watcher per namespace and selector, started on first use and shared by every reader.</summary>
public sealed class PodWatchers(IKubernetes client, ILogger logger) : IAsyncDisposable
{
    // Lazy, so that two readers racing on a new key start one watch, not two.
    private readonly ConcurrentDictionary<(string Namespace, string Selector), Lazy<PodWatcher>> _watchers = new();

    /// <summary>The watcher of the pods that <paramref name="selector"/> picks in <paramref name="ns"/>.</summary>
    public PodWatcher For(string ns, string selector) =>
        _watchers.GetOrAdd((ns, selector), key => new Lazy<PodWatcher>(() => new PodWatcher(client, key.Namespace, key.Selector, logger))).Value;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers.Values.Where(w => w.IsValueCreated)) await watcher.Value.DisposeAsync();
    }
}
