namespace Headroom.Fleet;

/// <summary>One request in flight through the fleet model.</summary>
public sealed class SimRequest
{
    /// <summary>
    /// A request that arrived at <paramref name="arrival"/> seconds with <paramref name="prompt"/> prompt and
    /// <paramref name="output"/> output tokens, whose prompt a prefix cache knows as <paramref name="blocks"/> (none by default).
    /// </summary>
    public SimRequest(double arrival, int prompt, int output, PromptBlocks blocks = default) => Reset(arrival, prompt, output, blocks);

    /// <summary>When it arrived, seconds.</summary>
    public double Arrival { get; private set; }

    /// <summary>Prompt tokens.</summary>
    public int Prompt { get; private set; }

    /// <summary>Output tokens, at least one: the first comes out of prefill.</summary>
    public int Output { get; private set; }

    /// <summary>Its prompt's blocks, for the prefix cache; none when the trace does not give them.</summary>
    public PromptBlocks Blocks { get; private set; }

    /// <summary>Prompt tokens still to prefill.</summary>
    public double PrefillLeft { get; internal set; }

    /// <summary>When prefill started: the end of the request's queue wait.</summary>
    public double Started { get; internal set; }

    /// <summary>When the first token was produced (end of prefill).</summary>
    public double FirstToken { get; internal set; }

    /// <summary>The replica's per-sequence decode counter when this request joined the batch.</summary>
    public double DecodeStart { get; internal set; }

    /// <summary>KV-cache tokens the request reserves: its prompt and its whole output.</summary>
    public long KvTokens => (long)Prompt + Output;

    /// <summary>
    /// A request whose prompt was prefilled elsewhere and whose KV cache has arrived (a decode replica's, in prefill/decode
    /// disaggregation): it holds its prompt's KV and produces its first token at once, with no prefill of its own.
    /// </summary>
    public static SimRequest Prefilled(double arrival, int prompt, int output) => new(arrival, prompt, output) { PrefillLeft = 0, PrefilledElsewhere = true };

    /// <summary>Whether its prompt was prefilled on another replica (<see cref="Prefilled"/>), so this one does not count it.</summary>
    public bool PrefilledElsewhere { get; private set; }

    /// <summary>Makes this object a new request, as the fleet's pool reuses finished ones.</summary>
    internal void Reset(double arrival, int prompt, int output, PromptBlocks blocks)
    {
        Blocks = blocks;
        PrefilledElsewhere = false;
        Arrival = arrival;
        Prompt = prompt;
        Output = Math.Max(1, output);
        PrefillLeft = prompt;
        Started = double.NaN;
        FirstToken = double.NaN;
        DecodeStart = 0;
    }
}
