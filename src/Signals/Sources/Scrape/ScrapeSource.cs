using System.Collections.Concurrent;
using Headroom.Signals.Configuration;
using Headroom.Signals.Discovery;
using Headroom.Signals.Engines;
using Headroom.Signals.Exposition;
using Headroom.Signals.Workloads;
using k8s;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Sources.Scrape;

/// <summary>
/// Reads a workload by scraping its pods directly: pods come from a list-and-watch of the workload's
/// selector, and each ready pod's page is fetched concurrently, with a bound across all workloads.
/// Fresher than Prometheus' scrape-then-rate path. A pod whose page fails has no readings, so sums over
/// the workload are missing rather than short; the other pods' own values are unaffected. GPU duty cycle comes
/// from the DCGM exporter pods, joined to the workload's pods by namespace and pod name.
/// </summary>
public sealed class ScrapeSource : IWorkloadSource, IAsyncDisposable
{
    private readonly PodScraper _scraper;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly PodWatchers _watchers;
    private readonly ScrapeOptions _options;
    private readonly ConcurrentDictionary<string, LanePool> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<WorkloadSpec, (PageReader Reader, LanePool Lanes)> _readers = new(ReferenceEqualityComparer.Instance);

    private readonly PodWatcher? _dcgmWatcher;
    private readonly DcgmScraper? _dcgm;

    /// <summary>
    /// Creates the source; a workload's pod watcher starts on its first observation, the DCGM exporters' at once.
    /// <paramref name="cycleInterval"/> is the pipeline's, so that one DCGM sweep serves a whole cycle.
    /// </summary>
    public ScrapeSource(IKubernetes kubernetes, HttpClient http, ScrapeOptions options, TimeSpan cycleInterval, TimeProvider time, ILogger<ScrapeSource> logger)
    {
        _watchers = new PodWatchers(kubernetes, logger);
        _options = options;
        _scraper = new PodScraper(http, options);
        _time = time;
        _logger = logger;
        _concurrency = new SemaphoreSlim(options.Concurrency);
        if (options.Dcgm is { } dcgm)
        {
            _dcgmWatcher = new PodWatcher(kubernetes, dcgm.Namespace, dcgm.Selector, logger);
            _dcgm = new DcgmScraper(_dcgmWatcher, dcgm, _scraper, _concurrency, cycleInterval / 2, time, logger);
        }
    }

    /// <inheritdoc />
    public async ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken)
    {
        var watcher = _watchers.For(workload.Namespace, workload.Selector);
        if (!watcher.Synced)
            throw new InvalidOperationException($"pods of workload {workload.Namespace}/{workload.Name} have not been listed yet");

        var (reader, lanes) = _readers.GetOrAdd(workload, w =>
        {
            var r = new PageReader(EnginePresets.For(w));
            return (r, _lanes.GetOrAdd(LanePool.KeyOf(r.Families), _ => new LanePool(r.Families)));
        });
        var pods = watcher.Pods;
        var duty = workload.Dcgm && _dcgm is not null ? _dcgm.DutyCyclesAsync(cancellationToken) : null;
        var readings = await Task.WhenAll(pods.Select(pod => ReadAsync(workload, pod, reader, lanes, cancellationToken)));
        if (duty is not null) readings = WithDutyCycles(workload, readings, await duty);
        return new WorkloadObservation(_time.GetUtcNow(), readings, pods.Select(p => p.Lifecycle).ToArray(), null);
    }

    private static PodReading[] WithDutyCycles(WorkloadSpec workload, PodReading[] readings, IReadOnlyDictionary<(string Namespace, string Pod), double> duty) =>
        readings.Select(r => duty.TryGetValue((workload.Namespace, r.Name), out var d) ? r with { Engine = r.Engine with { GpuDutyCycle = d } } : r).ToArray();

    private async Task<PodReading> ReadAsync(WorkloadSpec workload, DiscoveredPod pod, PageReader reader, LanePool lanes, CancellationToken ct) =>
        await ReadPageAsync(workload, pod, reader, lanes, ct) with { EngineVersion = EngineImage.VersionOf(workload.Engine, pod.Images) };

    private async Task<PodReading> ReadPageAsync(WorkloadSpec workload, DiscoveredPod pod, PageReader reader, LanePool lanes, CancellationToken ct)
    {
        if (!pod.Ready || pod.Ip is null) return new PodReading(pod.Name, pod.Labels, pod.Node, false, EngineReading.None);
        await _concurrency.WaitAsync(ct);
        var lane = lanes.Rent();
        try
        {
            var (page, answeredAt) = await _scraper.ScrapeAsync(pod.Ip, _options.Port, _options.Path, lane, _time, ct);
            if (page.Errors.Count > 0)
                _logger.LogWarning("Metrics page of pod {Namespace}/{Pod} has {Errors} bad lines (first: line {Line}: {Message}); the rest was read",
                    workload.Namespace, pod.Name, page.Errors.Count, page.Errors[0].Line, page.Errors[0].Message);
            return new PodReading(pod.Name, pod.Labels, pod.Node, true, reader.Read(page, out var olderNames), answeredAt) { OlderNames = olderNames };
        }
        catch (ScrapeException ex)
        {
            _logger.LogWarning("Scraping pod {Namespace}/{Pod} failed: {Reason}", workload.Namespace, pod.Name, ex.Message);
            return new PodReading(pod.Name, pod.Labels, pod.Node, true, EngineReading.None);
        }
        finally
        {
            lanes.Return(lane);
            _concurrency.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _watchers.DisposeAsync();
        if (_dcgmWatcher is not null) await _dcgmWatcher.DisposeAsync();
        _concurrency.Dispose();
    }
}
