namespace Headroom.Signals.Exposition;

/// <summary>One label of a sample or an exemplar, unescaped.</summary>
public readonly record struct Label(string Name, string Value);
