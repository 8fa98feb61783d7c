namespace Headroom.Signals.Exposition;

public sealed partial class ExpositionParser
{
    /// <summary>Whether a sample of that name continues the open family, as <c>x_bucket</c> continues histogram <c>x</c>.</summary>
    private bool ContinuesFamily(ReadOnlySpan<byte> sampleName) =>
        family.Open
        && sampleName.StartsWith(familyName.Span)
        && NameSyntax.IsSampleSuffix(family.Type, sampleName[familyName.Length..]);

    /// <summary>Closes the open family and opens one of that name; an error when it cannot be kept.</summary>
    private string? OpenFamily(ReadOnlySpan<byte> name)
    {
        CloseFamily();
        familyName.Set(name);
        familyHelp.Clear();
        family = new FamilyState
        {
            Open = true,
            Type = format == ExpositionFormat.OpenMetrics ? MetricType.Unknown : MetricType.Untyped,
            FirstSample = page.SampleCount,
        };
        return IsWanted() ? Keep() : null;
    }

    /// <summary>Sets the type from a TYPE line, which can make a counter wanted under its <c>_total</c> name.</summary>
    private string? SetFamilyType(MetricType type)
    {
        family.Type = type;
        family.HasType = true;
        return !family.Kept && IsWanted() ? Keep() : null;
    }

    private bool IsWanted()
    {
        if (wanted is null || wanted.Find(familyName.Span) is not null)
        {
            return true;
        }

        if (family.Type != MetricType.Counter)
        {
            return false;
        }

        scratch.Set(familyName.Span);
        scratch.Append("_total"u8);
        return wanted.Find(scratch.Span) is not null;
    }

    private string? Keep()
    {
        var name = strings.GetOrAdd(familyName.Span);
        if (name is null)
        {
            return "the metric name is not valid UTF-8";
        }

        if (!seenFamilies.Add(name))
        {
            return $"metric family '{name}' already appeared earlier in the page; families must not be interleaved, so its lines here are skipped";
        }

        family.Name = name;
        family.Kept = true;
        return null;
    }

    private void CloseFamily()
    {
        if (family.Kept)
        {
            page.AddFamily(new FamilyDraft(family.Name!, family.Type, DecodeHelp(), family.Unit, family.FirstSample, page.SampleCount - family.FirstSample));
        }

        family = default;
    }

    private string? DecodeHelp()
    {
        if (familyHelp.Length == 0)
        {
            return null;
        }

        Escapes.Unescape(familyHelp.Span, scratch, quotes: format == ExpositionFormat.OpenMetrics);
        return strings.GetOrAdd(scratch.Span);
    }
}

/// <summary>The family whose lines are being read. Its name and HELP text are in the parser's buffers.</summary>
internal struct FamilyState
{
    public bool Open;
    public bool Kept;
    public string? Name;
    public MetricType Type;
    public bool HasType;
    public bool HasHelp;
    public bool HasUnit;
    public bool HasSamples;
    public string? Unit;
    public int FirstSample;
}
