using Headroom.Signals.Exposition;
using Headroom.Signals.Sources;

namespace Headroom.Signals.Engines;

/// <summary>Reads an engine's readings out of its parsed metrics page, using the engine's preset.</summary>
public sealed class PageReader(IEnginePreset preset)
{
    /// <summary>Family names the parser must keep; the rest of the page is skipped cheaply.</summary>
    public IReadOnlyCollection<string> Families { get; } = FamiliesOf(preset);

    /// <summary>The readings; a reading whose series are absent is null, never 0.</summary>
    public EngineReading Read(ParsedPage page) => Read(page, out _);

    /// <summary>
    /// The readings, and the names read that the engine has since renamed: where a preset lists a newer name first
    /// and the page has only an older one (a vLLM v0 server, say), the reading comes from the older name, and it is
    /// named here so an operator can see what will stop working when the engine drops it. Empty, and not allocated,
    /// when every reading came from its preferred name.
    /// </summary>
    public EngineReading Read(ParsedPage page, out IReadOnlyList<string> olderNames)
    {
        List<string>? older = null;
        var prefixCache = PrefixCache(page, ref older);
        var reading = new EngineReading(
            GenerationTokensTotal: Value(page, preset.GenerationTokens, ratio: false, ref older),
            PromptTokensTotal: Value(page, preset.PromptTokens, ratio: false, ref older),
            RequestsWaiting: Value(page, preset.RequestsWaiting, ratio: false, ref older),
            RequestsRunning: Value(page, preset.RequestsRunning, ratio: false, ref older),
            KvCacheUsage: Value(page, preset.KvCacheUsage, ratio: true, ref older),
            GpuDutyCycle: null,
            RequestsFinishedTotal: Value(page, preset.RequestsFinished, ratio: false, ref older),
            PrefixCacheQueriesTotal: prefixCache?.Queries,
            PrefixCacheHitsTotal: prefixCache?.Hits);
        olderNames = older ?? (IReadOnlyList<string>)[];
        return reading;
    }

    private static double? Value(ParsedPage page, ReadingSource source, bool ratio, ref List<string>? older)
    {
        var value = Value(page, source, ratio, out var candidate);
        if (candidate > 0) (older ??= []).Add(source.Candidates[candidate].Sample);
        return value;
    }

    // The two counters of one generation of names, which count in one unit; a page that has them only under different
    // generations (or only one of them) gives neither, since their ratio would mix units.
    private (double Queries, double Hits)? PrefixCache(ParsedPage page, ref List<string>? older)
    {
        var queries = Value(page, preset.PrefixCacheQueries, ratio: false, out var asked);
        var hits = Value(page, preset.PrefixCacheHits, ratio: false, out var answered);
        if (queries is not { } q || hits is not { } h || asked != answered) return null;
        if (asked > 0)
        {
            (older ??= []).Add(preset.PrefixCacheQueries.Candidates[asked].Sample);
            older.Add(preset.PrefixCacheHits.Candidates[answered].Sample);
        }
        return (q, h);
    }

    /// <summary>
    /// The first candidate present on the page: counts summed over its series, ratios averaged. A series written
    /// twice makes the reading unknown, as Prometheus refuses such a scrape: summing it would count it twice.
    /// </summary>
    public static double? Value(ParsedPage page, ReadingSource source, bool ratio) => Value(page, source, ratio, out _);

    private static double? Value(ParsedPage page, ReadingSource source, bool ratio, out int matched)
    {
        matched = -1;
        for (var index = 0; index < source.Candidates.Count; index++)
        {
            var candidate = source.Candidates[index];
            double sum = 0;
            var count = 0;
            // An engine page has a few series per reading (one per engine or model): those are compared in place,
            // and a set is made only past them, so the scrape loop allocates nothing for an ordinary page.
            var few = new FewLabelSets();
            HashSet<LabelSet>? many = null;
            foreach (var family in page.Families)
            {
                foreach (var sample in family.Samples)
                {
                    if (sample.Name != candidate.Sample || !HasLabels(sample.Labels, candidate.Labels)) continue;
                    // A NaN or infinite series makes the reading unknown rather than quietly skewed.
                    if (!double.IsFinite(sample.Value)) return null;
                    if (count < FewLabelSets.Length)
                    {
                        if (((ReadOnlySpan<LabelSet>)few)[..count].Contains(sample.Labels)) return null;
                        few[count] = sample.Labels;
                    }
                    else if (!(many ??= [.. (ReadOnlySpan<LabelSet>)few]).Add(sample.Labels)) return null;
                    sum += sample.Value;
                    count++;
                }
            }
            if (count > 0)
            {
                matched = index;
                return (ratio ? sum / count : sum) * candidate.Scale;
            }
        }
        return null;
    }

    private static bool HasLabels(LabelSet labels, IReadOnlyDictionary<string, string> required)
    {
        foreach (var (name, value) in required)
            if (labels.ValueOf(name) != value) return false;
        return true;
    }

    private static IReadOnlyCollection<string> FamiliesOf(IEnginePreset preset)
    {
        string[] suffixes = ["_sum", "_count", "_bucket"];
        var samples = new[] { preset.GenerationTokens, preset.PromptTokens, preset.RequestsFinished, preset.RequestsWaiting, preset.RequestsRunning, preset.KvCacheUsage,
            preset.PrefixCacheQueries, preset.PrefixCacheHits }
            .SelectMany(r => r.Candidates).Select(c => c.Sample);
        // A histogram's _sum lives in the family named without the suffix.
        return samples.SelectMany(s => suffixes.Where(s.EndsWith).Select(x => s[..^x.Length]).Prepend(s)).ToHashSet(StringComparer.Ordinal);
    }

    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct FewLabelSets
    {
        public const int Length = 8;
        private LabelSet _first;
    }
}
