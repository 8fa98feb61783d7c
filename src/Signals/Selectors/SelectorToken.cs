namespace Headroom.Signals.Selectors;

/// <summary>Kinds of token in label selector text.</summary>
internal enum TokenKind
{
    End,
    /// <summary>A run of characters that are neither blanks nor symbols: keys, values and the words <c>in</c>/<c>notin</c>.</summary>
    Word,
    Bang,
    Equal,
    DoubleEqual,
    NotEqual,
    GreaterThan,
    LessThan,
    OpenParen,
    CloseParen,
    Comma,
}

/// <summary>A token and where it lies in the selector text.</summary>
internal readonly record struct SelectorToken(TokenKind Kind, int Start, int Length);
