namespace Headroom.Adapter.Tests.Ui;

/// <summary>One workload's card as the browser rendered it.</summary>
public sealed record RenderedCard(
    string Namespace,
    string Workload,
    IReadOnlyDictionary<string, RenderedField> Fields,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Charts,
    string Reason);
