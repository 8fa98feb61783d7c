namespace Headroom.Sim.Traces;

/// <summary>The trace formats read, told apart by their header or first line.</summary>
public enum TraceFormat
{
    /// <summary>Azure LLM inference trace: <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>.</summary>
    Azure,
    /// <summary>BurstGPT: <c>Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type</c>.</summary>
    BurstGpt,
    /// <summary>Mooncake JSON lines: <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c>.</summary>
    Mooncake,
    /// <summary>Generic CSV: <c>timestamp,prompt_tokens,output_tokens</c>, timestamp in seconds.</summary>
    Generic,
    /// <summary>ServeGen-style aggregated rate: <c>window_start_s,window_s,total_rate_rps</c>; not individual requests.</summary>
    AggregateRate,
}

/// <summary>Detects a trace's format from its first line.</summary>
public static class TraceFormatDetector
{
    /// <summary>The format, or an error naming what was found.</summary>
    public static TraceFormat Detect(string file, string? firstLine)
    {
        var line = (firstLine ?? "").Trim().TrimStart('\uFEFF');
        if (line.StartsWith('{')) return TraceFormat.Mooncake;
        var header = string.Join(',', line.Split(',').Select(c => c.Trim().ToLowerInvariant()));
        if (header.StartsWith("timestamp,contexttokens,generatedtokens", StringComparison.Ordinal)) return TraceFormat.Azure;
        if (header.StartsWith("timestamp,model,request tokens,response tokens", StringComparison.Ordinal)) return TraceFormat.BurstGpt;
        if (header.StartsWith("timestamp,prompt_tokens,output_tokens", StringComparison.Ordinal)) return TraceFormat.Generic;
        if (header.StartsWith("window_start_s,window_s,total_rate_rps", StringComparison.Ordinal)) return TraceFormat.AggregateRate;
        throw new TraceFormatException(file, 1, $"unrecognised trace header \"{Truncate(line)}\"; expected Azure (TIMESTAMP,ContextTokens,GeneratedTokens), " +
            "BurstGPT (Timestamp,Model,Request tokens,Response tokens,...), Mooncake JSON lines, generic (timestamp,prompt_tokens,output_tokens) " +
            "or an aggregated rate series (window_start_s,window_s,total_rate_rps)");
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
