using System.Collections.Concurrent;
using Headroom.Signals.Selectors;

namespace Headroom.Adapter.Api;

/// <summary>Reads the label selectors of a metrics request from its query string.</summary>
public static class QuerySelectors
{
    // Autoscalers ask with the same few selectors every sync, so each is parsed once; selectors are immutable.
    // Bounded, so that a client sending endless distinct selectors cannot grow memory: past the bound they are parsed each time.
    private const int MaxRemembered = 4096;
    private static readonly ConcurrentDictionary<string, LabelSelector> Parsed = new(StringComparer.Ordinal);

    /// <summary>Parses a selector parameter; an absent one selects everything.</summary>
    /// <exception cref="LabelSelectorException">The parameter does not parse.</exception>
    public static LabelSelector Read(HttpRequest request, string parameter)
    {
        var values = request.Query[parameter];
        if (values.Count > 1) throw new LabelSelectorException($"{parameter} was given {values.Count} times; give it once");
        try
        {
            var text = values.Count == 0 ? null : values[0];
            if (text is null) return LabelSelector.Everything;
            if (Parsed.TryGetValue(text, out var known)) return known;
            var selector = LabelSelector.Parse(text);
            if (Parsed.Count < MaxRemembered) Parsed.TryAdd(text, selector);
            return selector;
        }
        catch (LabelSelectorException ex)
        {
            throw new LabelSelectorException($"invalid {parameter}: {ex.Message}");
        }
    }
}
