namespace Headroom.Fleet;

/// <summary>One request in flight through the fleet model.</summary>
public sealed class SimRequest(double arrival, int prompt, int output)
{
    /// <summary>When it arrived, seconds.</summary>
    public double Arrival { get; } = arrival;

    /// <summary>Prompt tokens.</summary>
    public int Prompt { get; } = prompt;

    /// <summary>Output tokens, at least one: the first comes out of prefill.</summary>
    public int Output { get; } = Math.Max(1, output);

    /// <summary>Prompt tokens still to prefill.</summary>
    public double PrefillLeft { get; internal set; } = prompt;

    /// <summary>When prefill started: the end of the request's queue wait.</summary>
    public double Started { get; internal set; } = double.NaN;

    /// <summary>When the first token was produced (end of prefill).</summary>
    public double FirstToken { get; internal set; } = double.NaN;

    /// <summary>The replica's per-sequence decode counter when this request joined the batch.</summary>
    public double DecodeStart { get; internal set; }

    /// <summary>KV-cache tokens the request reserves: its prompt and its whole output.</summary>
    public long KvTokens => (long)Prompt + Output;
}
