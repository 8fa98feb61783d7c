namespace Headroom.Signals.Exposition;

/// <summary>
/// Collects what a parse keeps in buffers that live as long as the parser, then copies them into exactly sized arrays
/// for the result, so that repeated parses of similar pages do not grow and discard buffers.
/// </summary>
internal sealed class PageBuilder
{
    private readonly List<FamilyDraft> families = [];
    private readonly List<ExemplarDraft> exemplars = [];
    private readonly List<ParseError> errors = [];
    private Label[] labels = new Label[256];
    private SampleDraft[] samples = new SampleDraft[128];

    public int LabelCount { get; private set; }

    public int SampleCount { get; private set; }

    public int ErrorCount => errors.Count;

    public void Reset()
    {
        families.Clear();
        exemplars.Clear();
        errors.Clear();
        LabelCount = 0;
        SampleCount = 0;
    }

    public void AddLabel(Label label)
    {
        if (LabelCount == labels.Length)
        {
            Array.Resize(ref labels, labels.Length * 2);
        }

        labels[LabelCount++] = label;
    }

    /// <summary>Drops the labels of a line that turned out to be bad.</summary>
    public void TruncateLabels(int count) => LabelCount = count;

    public bool HasLabel(int setStart, string name)
    {
        foreach (var label in labels.AsSpan(setStart, LabelCount - setStart))
        {
            if (label.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many code points the names and values of a label set hold, as OpenMetrics limits exemplars by.</summary>
    public int CodePoints(int setStart)
    {
        var count = 0;
        foreach (var label in labels.AsSpan(setStart, LabelCount - setStart))
        {
            foreach (var _ in label.Name.EnumerateRunes())
            {
                count++;
            }

            foreach (var _ in label.Value.EnumerateRunes())
            {
                count++;
            }
        }

        return count;
    }

    public void AddSample(in SampleDraft sample)
    {
        if (SampleCount == samples.Length)
        {
            Array.Resize(ref samples, samples.Length * 2);
        }

        samples[SampleCount++] = sample;
    }

    public int AddExemplar(ExemplarDraft exemplar)
    {
        exemplars.Add(exemplar);
        return exemplars.Count - 1;
    }

    public void AddFamily(FamilyDraft family) => families.Add(family);

    public void AddError(ParseError error) => errors.Add(error);

    public ParsedPage Build(bool complete)
    {
        var pageLabels = labels.AsSpan(0, LabelCount).ToArray();
        var pageSamples = new Sample[SampleCount];
        for (var i = 0; i < pageSamples.Length; i++)
        {
            ref var draft = ref samples[i];
            var exemplar = draft.Exemplar < 0 ? null : exemplars[draft.Exemplar].Build(pageLabels);
            pageSamples[i] = new Sample(draft.Name, new LabelSet(pageLabels, draft.LabelStart, draft.LabelCount), draft.Value, draft.TimestampMs, exemplar);
        }

        var pageFamilies = new MetricFamily[families.Count];
        for (var i = 0; i < pageFamilies.Length; i++)
        {
            var family = families[i];
            pageFamilies[i] = new MetricFamily(family.Name, family.Type, family.Help, family.Unit, new ArraySegment<Sample>(pageSamples, family.FirstSample, family.SampleCount));
        }

        return new ParsedPage(pageFamilies, errors.ToArray(), complete);
    }
}

/// <summary>A kept sample whose labels are a range of the page's label buffer.</summary>
internal readonly record struct SampleDraft(string Name, int LabelStart, int LabelCount, double Value, long? TimestampMs, int Exemplar);

/// <summary>An exemplar whose labels are a range of the page's label buffer.</summary>
internal readonly record struct ExemplarDraft(int LabelStart, int LabelCount, double Value, long? TimestampMs)
{
    public Exemplar Build(Label[] pageLabels) => new(new LabelSet(pageLabels, LabelStart, LabelCount), Value, TimestampMs);
}

/// <summary>A closed family whose samples are a range of the page's sample buffer.</summary>
internal readonly record struct FamilyDraft(string Name, MetricType Type, string? Help, string? Unit, int FirstSample, int SampleCount);
