using Headroom.Signals.Configuration;
using Headroom.Signals.Discovery;
using Headroom.Signals.Exposition;
using Microsoft.Extensions.Logging;

namespace Headroom.Signals.Sources.Scrape;

/// <summary>
/// GPU duty cycle for source: scrape, from the NVIDIA DCGM exporter pods (a DaemonSet, one per GPU node) found by
/// <c>scrape.dcgm</c>. One sweep over every exporter serves every workload of a cycle: a sweep started less than
/// half a cycle ago is reused, so the exporters are read once per cycle however many workloads there are.
/// </summary>
internal sealed class DcgmScraper(PodWatcher exporters, DcgmScrapeOptions options, PodScraper scraper, SemaphoreSlim concurrency,
    TimeSpan reuseWithin, TimeProvider time, ILogger logger)
{
    private static readonly IReadOnlyDictionary<(string, string), double> None = new Dictionary<(string, string), double>();
    private readonly LanePool _lanes = new(DutyCycleJoin.Families);
    private readonly Lock _gate = new();
    private (DateTimeOffset StartedAt, Task<IReadOnlyDictionary<(string Namespace, string Pod), double>> Sweep)? _last;

    /// <summary>Duty cycle per namespace and pod. Pods on an exporter that failed, or before the exporters are listed, are absent.</summary>
    public Task<IReadOnlyDictionary<(string Namespace, string Pod), double>> DutyCyclesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.StartedAt < reuseWithin) return last.Sweep;
            var sweep = SweepAsync(cancellationToken);
            _last = (now, sweep);
            return sweep;
        }
    }

    private async Task<IReadOnlyDictionary<(string Namespace, string Pod), double>> SweepAsync(CancellationToken ct)
    {
        if (!exporters.Synced)
        {
            logger.LogWarning("DCGM exporter pods in {Namespace} ({Selector}) have not been listed yet; GPU duty cycle is unknown",
                options.Namespace, options.Selector);
            return None;
        }
        var pages = await Task.WhenAll(exporters.Pods.Where(p => p.Ready && p.Ip is not null).Select(p => ScrapeAsync(p, ct)));
        return DutyCycleJoin.Join(pages.OfType<ParsedPage>());
    }

    private async Task<ParsedPage?> ScrapeAsync(DiscoveredPod exporter, CancellationToken ct)
    {
        await concurrency.WaitAsync(ct);
        var lane = _lanes.Rent();
        try
        {
            var (page, _) = await scraper.ScrapeAsync(exporter.Ip!, options.Port, options.Path, lane, time, ct);
            return page;
        }
        catch (ScrapeException ex)
        {
            logger.LogWarning("Scraping DCGM exporter {Namespace}/{Pod} failed: {Reason}; GPU duty cycle of its node's pods is unknown",
                options.Namespace, exporter.Name, ex.Message);
            return null;
        }
        finally
        {
            _lanes.Return(lane);
            concurrency.Release();
        }
    }
}
