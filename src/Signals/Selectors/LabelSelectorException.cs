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

    /// <summary>Creates the exception for a problem with the selector as a whole, such as a query parameter given twice.</summary>
    public LabelSelectorException(string message)
        : base(message)
    {
    }

    /// <summary>Zero-based character offset in the selector text where the problem was found; null when it lies in no one place.</summary>
    public int? Position { get; }
}
