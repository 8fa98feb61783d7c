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
        if (candidate >= 0 && source.Candidates[candidate].Superseded) (older ??= []).Add(source.Candidates[candidate].Sample);
        return value;
    }

    // The first pair of counters the page has whole, queries and hits at the same position in their candidates, which
    // count in one unit: a pair found only in part (one counter under one generation of names and the other under
    // another, or a queries counter that other readings share without its hits) is passed over, never mixed.
    private (double Queries, double Hits)? PrefixCache(ParsedPage page, ref List<string>? older)
    {
        var (queries, hits) = (preset.PrefixCacheQueries.Candidates, preset.PrefixCacheHits.Candidates);
        for (var i = 0; i < Math.Min(queries.Count, hits.Count); i++)
        {
            var asked = Candidate(page, queries[i], ratio: false, out var askedPresent);
            var answered = Candidate(page, hits[i], ratio: false, out var answeredPresent);
            if (!askedPresent || !answeredPresent) continue;
            if (asked is not { } q || answered is not { } h) return null;
            if (queries[i].Superseded) (older ??= []).Add(queries[i].Sample);
            if (hits[i].Superseded) (older ??= []).Add(hits[i].Sample);
            return (q, h);
        }
        return null;
    }

    /// <summary>
    /// The first candidate present on the page: counts summed over its series, ratios averaged. A series written
    /// twice makes the reading unknown, as Prometheus refuses such a scrape: summing it would count it twice.
    /// </summary>
    public static double? Value(ParsedPage page, ReadingSource source, bool ratio) => Value(page, source, ratio, out _);

    private static double? Value(ParsedPage page, ReadingSource source, bool ratio, out int matched)
    {
        for (var index = 0; index < source.Candidates.Count; index++)
        {
            var value = Candidate(page, source.Candidates[index], ratio, out var present);
            if (!present) continue;
            matched = value is null ? -1 : index;
            return value;
        }
        matched = -1;
        return null;
    }

    // One candidate's reading: counts summed over its series, ratios averaged; present is whether the page has any of
    // its series, the value null when one of them is NaN, infinite or written twice.
    private static double? Candidate(ParsedPage page, SeriesRef candidate, bool ratio, out bool present)
    {
        double sum = 0;
        var count = 0;
        present = false;
        // An engine page has a few series per reading (one per engine or model): those are compared in place,
        // and a set is made only past them, so the scrape loop allocates nothing for an ordinary page.
        var few = new FewLabelSets();
        HashSet<LabelSet>? many = null;
        foreach (var family in page.Families)
        {
            foreach (var sample in family.Samples)
            {
                if (sample.Name != candidate.Sample || !HasLabels(sample.Labels, candidate.Labels)) continue;
                present = true;
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
        return count > 0 ? (ratio ? sum / count : sum) * candidate.Scale : null;
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
