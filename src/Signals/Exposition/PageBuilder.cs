namespace Headroom.Signals.Exposition;

/// <summary>
/// Collects what a parse keeps in buffers that live as long as the parser, then copies them into exactly sized arrays
/// for the result, so that repeated parses of similar pages do not grow and discard buffers. Label arrays are not
/// copied: they are immutable and mostly shared with the parser's cache of label sets.
/// </summary>
internal sealed class PageBuilder
{
    private readonly List<FamilyDraft> families = [];
    private readonly List<ParseError> errors = [];
    private const int KeptSamples = 8192;
    private Sample[] samples = new Sample[128];

    public int SampleCount { get; private set; }

    public int ErrorCount => errors.Count;

    public void Reset()
    {
        families.Clear();
        errors.Clear();
        SampleCount = 0;
        // A buffer grown for one unusually large page is let go rather than held for the parser's life.
        if (samples.Length > KeptSamples)
        {
            samples = new Sample[128];
        }
    }

    public void AddSample(in Sample sample)
    {
        if (SampleCount == samples.Length)
        {
            Array.Resize(ref samples, samples.Length * 2);
        }

        samples[SampleCount++] = sample;
    }

    public void AddFamily(FamilyDraft family) => families.Add(family);

    public void AddError(ParseError error) => errors.Add(error);

    public ParsedPage Build(bool complete, bool overTextBudget)
    {
        var pageSamples = samples.AsSpan(0, SampleCount).ToArray();
        var pageFamilies = new MetricFamily[families.Count];
        for (var i = 0; i < pageFamilies.Length; i++)
        {
            var family = families[i];
            pageFamilies[i] = new MetricFamily(family.Name, family.Type, family.Help, family.Unit, new ArraySegment<Sample>(pageSamples, family.FirstSample, family.SampleCount));
        }

        return new ParsedPage(pageFamilies, errors.ToArray(), complete) { OverTextBudget = overTextBudget };
    }
}

/// <summary>A closed family whose samples are a range of the page's sample buffer.</summary>
internal readonly record struct FamilyDraft(string Name, MetricType Type, string? Help, string? Unit, int FirstSample, int SampleCount);
