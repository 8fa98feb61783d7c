namespace Headroom.Signals.Exposition;

/// <summary>What a metrics page held: its families in page order, the lines that could not be read, and whether it was read to its end.</summary>
/// <param name="Families">The families kept by the parser's filter, in page order.</param>
/// <param name="Errors">Lines that were skipped, or the line where parsing stopped.</param>
/// <param name="Complete">False when the page looks truncated (an unterminated last line, no OpenMetrics <c># EOF</c>) or a limit stopped the parser.</param>
public sealed record ParsedPage(IReadOnlyList<MetricFamily> Families, IReadOnlyList<ParseError> Errors, bool Complete)
{
    /// <summary>
    /// Whether the page brought more new names and label values than <see cref="ParserOptions.MaxNewTextBytes"/>
    /// allows: such a page is refused as a whole, since what was read of it cannot be told from the rest.
    /// </summary>
    public bool OverTextBudget { get; init; }

    /// <summary>The family with that name, or null.</summary>
    public MetricFamily? Family(string name)
    {
        foreach (var family in Families)
        {
            if (family.Name == name)
            {
                return family;
            }
        }

        return null;
    }
}
