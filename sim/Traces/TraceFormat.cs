namespace Headroom.Sim.Traces;

/// <summary>The trace formats read, told apart by their header or first line.</summary>
public enum TraceFormat
{
    /// <summary>Azure LLM inference trace: <c>TIMESTAMP,ContextTokens,GeneratedTokens</c> (the multimodal release adds <c>NumImages</c>).</summary>
    Azure,
    /// <summary>BurstGPT: <c>Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type</c> (later releases add session columns).</summary>
    BurstGpt,
    /// <summary>Mooncake JSON lines: <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c>.</summary>
    Mooncake,
    /// <summary>Generic CSV: <c>timestamp,prompt_tokens,output_tokens</c>, timestamp in seconds.</summary>
    Generic,
    /// <summary>ServeGen-style aggregated rate: <c>window_start_s,window_s,total_rate_rps</c>; not individual requests.</summary>
    AggregateRate,
}

/// <summary>Where a CSV trace's fields are, found by its header's column names, so that a release that adds or moves columns reads the same.</summary>
/// <param name="Time">The arrival time's column.</param>
/// <param name="Prompt">The prompt tokens' column.</param>
/// <param name="Output">The output tokens' column.</param>
public readonly record struct TraceColumns(int Time, int Prompt, int Output)
{
    /// <summary>Time, prompt and output in the first three columns: the Azure and generic traces as usually released.</summary>
    public static TraceColumns Plain { get; } = new(0, 1, 2);

    /// <summary>The fewest columns a row needs.</summary>
    public int Needed => Math.Max(Time, Math.Max(Prompt, Output)) + 1;
}

/// <summary>A trace's format and, for a CSV trace of requests, where its fields are.</summary>
/// <param name="Format">The format.</param>
/// <param name="Columns">The fields' columns; <see cref="TraceColumns.Plain"/> for formats that are not CSV requests.</param>
public readonly record struct TraceLayout(TraceFormat Format, TraceColumns Columns);

/// <summary>Detects a trace's format from its first line.</summary>
public static class TraceFormatDetector
{
    // Each CSV request format by the names of its time, prompt and output columns, lower case.
    private static readonly (TraceFormat Format, string Time, string Prompt, string Output)[] Requests =
    [
        (TraceFormat.Azure, "timestamp", "contexttokens", "generatedtokens"),
        (TraceFormat.BurstGpt, "timestamp", "request tokens", "response tokens"),
        (TraceFormat.Generic, "timestamp", "prompt_tokens", "output_tokens"),
    ];

    /// <summary>The format, or an error naming what was found.</summary>
    public static TraceFormat Detect(string file, string? firstLine) => Layout(file, firstLine).Format;

    /// <summary>The format and its columns, or an error naming what was found or what is missing.</summary>
    public static TraceLayout Layout(string file, string? firstLine)
    {
        var line = (firstLine ?? "").Trim().TrimStart('\uFEFF');
        if (line.StartsWith('{')) return new(TraceFormat.Mooncake, TraceColumns.Plain);
        var names = line.Split(',').Select(c => c.Trim().Trim('"').ToLowerInvariant()).ToArray();
        if (string.Join(',', names).StartsWith("window_start_s,window_s,total_rate_rps", StringComparison.Ordinal))
            return new(TraceFormat.AggregateRate, TraceColumns.Plain);
        foreach (var (format, time, prompt, output) in Requests)
        {
            int p = Array.IndexOf(names, prompt), o = Array.IndexOf(names, output);
            if (p < 0 || o < 0) continue;
            var t = Array.IndexOf(names, time);
            if (t < 0) throw new TraceFormatException(file, 1, $"the header \"{Truncate(line)}\" names {prompt} and {output} but no {time} column");
            return new(format, new TraceColumns(t, p, o));
        }
        throw new TraceFormatException(file, 1, $"unrecognised trace header \"{Truncate(line)}\"; expected Azure (TIMESTAMP,ContextTokens,GeneratedTokens), " +
            "BurstGPT (Timestamp,Model,Request tokens,Response tokens,...), Mooncake JSON lines, generic (timestamp,prompt_tokens,output_tokens), " +
            "each CSV's columns found by name in any order beside others, or an aggregated rate series (window_start_s,window_s,total_rate_rps)");
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
