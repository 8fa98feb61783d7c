namespace Headroom.Signals.Exposition;

/// <summary>Which families to keep, and the limits that stop a parser on a hostile or broken page.</summary>
public sealed record ParserOptions
{
    /// <summary>
    /// Family names to keep, or null for all. The lines of other families are skipped after reading their name,
    /// which is what makes parsing a few families out of a large page cheap. A counter is also kept when its name
    /// plus <c>_total</c> is listed, so <c>x_total</c> matches both the 0.0.4 family <c>x_total</c> and the
    /// OpenMetrics family <c>x</c>.
    /// </summary>
    public IReadOnlyCollection<string>? Families { get; init; }

    /// <summary>The longest line read, in bytes; a longer one stops parsing.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>The most samples kept from one page; one more stops parsing.</summary>
    public int MaxSamples { get; init; } = 100_000;

    /// <summary>The most labels on one sample or exemplar; a line with more is skipped.</summary>
    public int MaxLabelsPerSample { get; init; } = 128;

    /// <summary>
    /// The most bytes of names, label values and label sets not seen before that one page may bring; more stops
    /// parsing. A page that changes this much between scrapes is high-cardinality garbage, not an engine's page.
    /// </summary>
    public int MaxNewTextBytes { get; init; } = 2 << 20;

    /// <summary>The most errors reported for one page; one more stops parsing.</summary>
    public int MaxErrors { get; init; } = 100;
}
