namespace Headroom.Adapter.Tests.Ui;

/// <summary>One value cell of a card: its attributes (data-value is the number as read from /debug/workloads) and the text shown.</summary>
public sealed record RenderedField(IReadOnlyDictionary<string, string> Attributes, string Shown)
{
    public string Value => Attributes["data-value"];
}
