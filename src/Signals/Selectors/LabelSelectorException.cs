namespace Headroom.Signals.Selectors;

/// <summary>Thrown when a label selector's text is not valid Kubernetes selector syntax.</summary>
public sealed class LabelSelectorException : FormatException
{
    /// <summary>Creates the exception for a problem found at <paramref name="position"/> of the selector text.</summary>
    public LabelSelectorException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>Zero-based character offset in the selector text where the problem was found.</summary>
    public int Position { get; }
}
