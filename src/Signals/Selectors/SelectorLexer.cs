namespace Headroom.Signals.Selectors;

/// <summary>Splits selector text into tokens the way Kubernetes' selector lexer does.</summary>
internal struct SelectorLexer(string text)
{
    private int position;

    public SelectorToken Next()
    {
        while (position < text.Length && IsBlank(text[position]))
        {
            position++;
        }

        if (position == text.Length)
        {
            return new SelectorToken(TokenKind.End, position, 0);
        }

        var start = position;
        var kind = text[position] switch
        {
            '!' => FollowedByEqual() ? TokenKind.NotEqual : TokenKind.Bang,
            '=' => FollowedByEqual() ? TokenKind.DoubleEqual : TokenKind.Equal,
            '>' => TokenKind.GreaterThan,
            '<' => TokenKind.LessThan,
            '(' => TokenKind.OpenParen,
            ')' => TokenKind.CloseParen,
            ',' => TokenKind.Comma,
            _ => TokenKind.Word,
        };

        if (kind == TokenKind.Word)
        {
            while (position < text.Length && !IsBlank(text[position]) && !IsSymbol(text[position]))
            {
                position++;
            }
        }
        else
        {
            position += kind is TokenKind.NotEqual or TokenKind.DoubleEqual ? 2 : 1;
        }

        return new SelectorToken(kind, start, position - start);
    }

    private readonly bool FollowedByEqual() => position + 1 < text.Length && text[position + 1] == '=';

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSymbol(char c) => c is '!' or '=' or '>' or '<' or '(' or ')' or ',';
}
