namespace Headroom.Signals.Sources.Demo;

/// <summary>One inference request: its sizes, drawn on arrival, and its progress through prefill and decode.</summary>
internal sealed class SimulatedRequest(int promptTokens, int outputTokens, DateTimeOffset arrived)
{
    public int PromptTokens { get; } = promptTokens;

    public int OutputTokens { get; } = outputTokens;

    public DateTimeOffset Arrived { get; } = arrived;

    public double Generated { get; set; }

    public double PrefillRemaining { get; set; } = promptTokens;

    /// <summary>Tokens the request holds in the KV cache while it runs.</summary>
    public double ContextTokens => PromptTokens + Generated;

    public bool IsDone => Generated >= OutputTokens;

    /// <summary>Evicted from the KV cache: on readmission the whole context is prefilled again (vLLM's recompute preemption).</summary>
    public void Preempt() => PrefillRemaining = ContextTokens;

    /// <summary>Its replica went away: the client's retry starts from scratch.</summary>
    public void Restart()
    {
        Generated = 0;
        PrefillRemaining = PromptTokens;
    }
}
