using Headroom.Fleet;

namespace Headroom.Sim.Traces;

/// <summary>One request of a trace: when it arrived (seconds from the trace's start), its token counts and, where the trace gives them, its prompt's blocks.</summary>
public readonly record struct TraceRequest(double ArrivalSeconds, int PromptTokens, int OutputTokens, PromptBlocks Blocks = default);

/// <summary>A row that does not parse; the message names the line.</summary>
public sealed class TraceFormatException(string file, long line, string reason)
    : Exception($"{file}:{line}: {reason}")
{
    /// <summary>The 1-based line number.</summary>
    public long Line { get; } = line;
}

/// <summary>What to do with a bad row.</summary>
public enum BadRowPolicy
{
    /// <summary>Stop with an error naming the line.</summary>
    Fail,
    /// <summary>Skip it, count it, and go on.</summary>
    Skip,
}
