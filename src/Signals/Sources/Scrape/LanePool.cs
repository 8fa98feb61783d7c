using System.Collections.Concurrent;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Sources.Scrape;

/// <summary>
/// Lanes whose parsers keep one set of families. Parsers are single-threaded, so a lane is rented for one scrape;
/// the pool grows to the number of scrapes that ever ran at once, which the scrape concurrency bounds.
/// </summary>
internal sealed class LanePool(IReadOnlyCollection<string> families)
{
    private readonly ConcurrentBag<ScrapeLane> _idle = [];

    public ScrapeLane Rent() =>
        _idle.TryTake(out var lane) ? lane : new ScrapeLane(new ExpositionParser(new ParserOptions { Families = families }));

    public void Return(ScrapeLane lane) => _idle.Add(lane);

    /// <summary>A key equal for equal family sets, so that workloads reading the same families share lanes.</summary>
    public static string KeyOf(IReadOnlyCollection<string> families) => string.Join('\n', families.Order(StringComparer.Ordinal));
}
