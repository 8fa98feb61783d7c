namespace Headroom.Signals.Selectors;

/// <summary>
/// Recursive-descent parser for the grammar of Kubernetes' <c>labels.Parse</c>, reporting the first
/// problem with its position. The words <c>in</c> and <c>notin</c> are operators only where an operator
/// is expected; elsewhere they are ordinary keys or values, as in Kubernetes.
/// </summary>
internal sealed class SelectorParser
{
    private const string OperatorChoices = "in, notin, =, ==, !=, >, <";

    private readonly string text;
    private SelectorLexer lexer;
    private SelectorToken lookahead;

    private SelectorParser(string text)
    {
        this.text = text;
        lexer = new SelectorLexer(text);
        lookahead = lexer.Next();
    }

    /// <summary>The requirements of <paramref name="text"/>, in the order written.</summary>
    public static List<LabelRequirement> Parse(string text)
    {
        var parser = new SelectorParser(text);
        var requirements = new List<LabelRequirement>();
        if (parser.lookahead.Kind == TokenKind.End)
        {
            return requirements;
        }

        if (!parser.StartsRequirement())
        {
            throw parser.Unexpected(parser.lookahead, "!, identifier, or end of string");
        }

        while (true)
        {
            requirements.Add(parser.ParseRequirement());
            var separator = parser.Advance();
            if (separator.Kind == TokenKind.End)
            {
                return requirements;
            }

            if (separator.Kind != TokenKind.Comma)
            {
                throw parser.Unexpected(separator, "',' or end of string");
            }

            if (!parser.StartsRequirement())
            {
                throw parser.Unexpected(parser.lookahead, "identifier after ','");
            }
        }
    }

    private bool StartsRequirement() => lookahead.Kind is TokenKind.Word or TokenKind.Bang;

    private LabelRequirement ParseRequirement()
    {
        var negated = lookahead.Kind == TokenKind.Bang;
        if (negated)
        {
            Advance();
        }

        var keyToken = Advance();
        if (keyToken.Kind != TokenKind.Word)
        {
            throw Unexpected(keyToken, "identifier");
        }

        var key = Text(keyToken);
        if (LabelSyntax.KeyError(key) is { } keyError)
        {
            throw new LabelSelectorException($"invalid label key \"{key}\" at position {keyToken.Start}: {keyError}", keyToken.Start);
        }

        if (negated)
        {
            return new LabelRequirement(key, SelectorOperator.DoesNotExist, []);
        }

        if (lookahead.Kind is TokenKind.End or TokenKind.Comma)
        {
            return new LabelRequirement(key, SelectorOperator.Exists, []);
        }

        var op = ParseOperator();
        var values = op is SelectorOperator.In or SelectorOperator.NotIn ? ParseValueSet() : [ParseSingleValue(op)];
        return new LabelRequirement(key, op, values);
    }

    private SelectorOperator ParseOperator()
    {
        var token = Advance();
        return token.Kind switch
        {
            TokenKind.Equal or TokenKind.DoubleEqual => SelectorOperator.Equals,
            TokenKind.NotEqual => SelectorOperator.NotEquals,
            TokenKind.GreaterThan => SelectorOperator.GreaterThan,
            TokenKind.LessThan => SelectorOperator.LessThan,
            TokenKind.Word when IsWord(token, "in") => SelectorOperator.In,
            TokenKind.Word when IsWord(token, "notin") => SelectorOperator.NotIn,
            _ => throw Unexpected(token, OperatorChoices),
        };
    }

    /// <summary>
    /// Reads <c>( v1, v2, ... )</c>, where any value may be empty: <c>()</c> and <c>(a,)</c> hold the empty value,
    /// as in Kubernetes.
    /// </summary>
    private List<string> ParseValueSet()
    {
        var open = Advance();
        if (open.Kind != TokenKind.OpenParen)
        {
            throw Unexpected(open, "'('");
        }

        var values = new List<string>();
        while (true)
        {
            if (lookahead.Kind == TokenKind.Word)
            {
                values.Add(CheckedValue(Advance()));
            }
            else if (lookahead.Kind is TokenKind.Comma or TokenKind.CloseParen)
            {
                values.Add("");
            }
            else
            {
                throw Unexpected(lookahead, "',', ')' or identifier");
            }

            var separator = Advance();
            if (separator.Kind == TokenKind.CloseParen)
            {
                return values;
            }

            if (separator.Kind != TokenKind.Comma)
            {
                throw Unexpected(separator, "',' or ')'");
            }
        }
    }

    /// <summary>Reads the value after =, ==, !=, &gt; or &lt;; a missing value is the empty value, as in Kubernetes.</summary>
    private string ParseSingleValue(SelectorOperator op)
    {
        var position = lookahead.Start;
        var value = "";
        if (lookahead.Kind is not (TokenKind.End or TokenKind.Comma))
        {
            var token = Advance();
            if (token.Kind != TokenKind.Word)
            {
                throw Unexpected(token, "identifier");
            }

            value = CheckedValue(token);
        }

        if (op is SelectorOperator.GreaterThan or SelectorOperator.LessThan && !LabelRequirement.TryParseInteger(value, out _))
        {
            throw new LabelSelectorException(
                $"invalid value \"{value}\" at position {position}: for '>' and '<' the value must be a 64-bit integer",
                position);
        }

        return value;
    }

    private string CheckedValue(SelectorToken token)
    {
        var value = Text(token);
        if (LabelSyntax.ValueError(value) is { } valueError)
        {
            throw new LabelSelectorException($"invalid label value \"{value}\" at position {token.Start}: {valueError}", token.Start);
        }

        return value;
    }

    private SelectorToken Advance()
    {
        var current = lookahead;
        if (current.Kind != TokenKind.End)
        {
            lookahead = lexer.Next();
        }

        return current;
    }

    private string Text(SelectorToken token) => text.Substring(token.Start, token.Length);

    private bool IsWord(SelectorToken token, string word) => text.AsSpan(token.Start, token.Length).SequenceEqual(word);

    private LabelSelectorException Unexpected(SelectorToken token, string expected)
    {
        var found = token.Kind == TokenKind.End ? "end of string" : $"'{text.Substring(token.Start, token.Length)}'";
        return new LabelSelectorException($"found {found} at position {token.Start}, expected: {expected}", token.Start);
    }
}
