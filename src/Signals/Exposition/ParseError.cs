namespace Headroom.Signals.Exposition;

/// <summary>A line the parser skipped or stopped at, and why.</summary>
public readonly record struct ParseError(int Line, string Message)
{
    /// <summary>The error as "line N: message".</summary>
    public override string ToString() => $"line {Line}: {Message}";
}
