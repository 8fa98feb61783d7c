using Headroom.Signals.Selectors;

namespace Headroom.Adapter.Api;

/// <summary>Reads the label selectors of a metrics request from its query string.</summary>
public static class QuerySelectors
{
    /// <summary>Parses a selector parameter; an absent one selects everything.</summary>
    /// <exception cref="LabelSelectorException">The parameter does not parse.</exception>
    public static LabelSelector Read(HttpRequest request, string parameter)
    {
        var values = request.Query[parameter];
        if (values.Count > 1) throw new LabelSelectorException($"{parameter} was given {values.Count} times; give it once");
        try
        {
            return LabelSelector.Parse(values.Count == 0 ? null : values[0]);
        }
        catch (LabelSelectorException ex)
        {
            throw new LabelSelectorException($"invalid {parameter}: {ex.Message}");
        }
    }
}
