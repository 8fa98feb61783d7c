namespace Headroom.Signals.Exposition;

/// <summary>A position in one line (without its line feed).</summary>
internal ref struct LineCursor(ReadOnlySpan<byte> line)
{
    private readonly ReadOnlySpan<byte> line = line;

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= line.Length;

    /// <summary>The current byte, or 0 at the end of the line.</summary>
    public readonly byte Current => Position < line.Length ? line[Position] : (byte)0;

    public readonly ReadOnlySpan<byte> Rest => line[Position..];

    public readonly ReadOnlySpan<byte> Slice(int start, int end) => line[start..end];

    /// <summary>Skips spaces and tabs; returns whether there were any.</summary>
    public bool SkipBlanks()
    {
        var start = Position;
        while (Position < line.Length && line[Position] is (byte)' ' or (byte)'\t')
        {
            Position++;
        }

        return Position > start;
    }

    public bool TryConsume(byte expected)
    {
        if (Current != expected || AtEnd)
        {
            return false;
        }

        Position++;
        return true;
    }

    /// <summary>Reads up to the next blank or the end of the line. A plain loop: tokens are too short for vector search to pay.</summary>
    public ReadOnlySpan<byte> ReadToken()
    {
        var start = Position;
        while (Position < line.Length && line[Position] is not ((byte)' ' or (byte)'\t'))
        {
            Position++;
        }

        return line[start..Position];
    }

    /// <summary>Reads an unquoted metric name; empty when none starts here.</summary>
    public ReadOnlySpan<byte> ReadMetricName()
    {
        var start = Position;
        if (NameSyntax.IsMetricNameStart(Current))
        {
            var length = line[Position..].IndexOfAnyExcept(NameSyntax.MetricNameBytes);
            Position = length < 0 ? line.Length : Position + length;
        }

        return line[start..Position];
    }

    /// <summary>Reads an unquoted label name; empty when none starts here.</summary>
    public ReadOnlySpan<byte> ReadLabelName()
    {
        var start = Position;
        if (NameSyntax.IsLabelNameStart(Current))
        {
            Position++;
            while (Position < line.Length && NameSyntax.IsLabelNameChar(line[Position]))
            {
                Position++;
            }
        }

        return line[start..Position];
    }
}
