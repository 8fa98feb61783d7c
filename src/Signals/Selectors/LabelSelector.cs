using System.Diagnostics.CodeAnalysis;

namespace Headroom.Signals.Selectors;

/// <summary>A parsed Kubernetes label selector (the syntax of <c>labels.Parse</c>): requirements that must all hold.</summary>
public sealed class LabelSelector
{
    private readonly LabelRequirement[] requirements;

    private LabelSelector(LabelRequirement[] requirements)
    {
        this.requirements = requirements;
        Requirements = Array.AsReadOnly(requirements);
    }

    /// <summary>The selector with no requirements, which matches every set of labels.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>The requirements, sorted by key (stably, so repeated keys keep their written order).</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>True when the selector has no requirements and so matches everything.</summary>
    public bool IsEmpty => requirements.Length == 0;

    /// <summary>Parses selector text; null, empty or blank text is <see cref="Everything"/>.</summary>
    /// <exception cref="LabelSelectorException">The text is not a valid selector.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var parsed = SelectorParser.Parse(text);
        return parsed.Count == 0 ? Everything : new LabelSelector([.. parsed.OrderBy(r => r.Key, StringComparer.Ordinal)]);
    }

    /// <summary>Parses selector text, reporting a problem through <paramref name="error"/> instead of throwing.</summary>
    public static bool TryParse(
        string? text,
        [MaybeNullWhen(false)] out LabelSelector selector,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (LabelSelectorException exception)
        {
            selector = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>Whether every requirement holds for <paramref name="labels"/>.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The canonical text, as Kubernetes prints it: requirements sorted by key, set values sorted, no blanks but those around in/notin.</summary>
    public override string ToString() => string.Join(',', (IEnumerable<LabelRequirement>)requirements);
}
