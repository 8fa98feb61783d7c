namespace Headroom.Signals.Planning;

/// <summary>A workload's demand in each dimension, at one instant.</summary>
/// <param name="PromptTokensPerSecond">Prompt tokens arriving per second.</param>
/// <param name="GenerationTokensPerSecond">Tokens asked to be generated per second.</param>
/// <param name="PromptDispersionTokens">
/// Index of dispersion of prompt work (variance over mean of the prompt tokens arriving in a signal interval, in tokens):
/// one prompt's size for steady single requests, larger for long prompts and bursts.
/// </param>
/// <param name="KvTokensInUse">Tokens held in KV caches across the fleet.</param>
/// <param name="QueuedPromptTokens">Prompt tokens of requests waiting for a batch slot (engines and gateway).</param>
/// <param name="PromptTokensPerRequest">A typical request's prompt tokens: its own prefill is part of its time to first token.</param>
public readonly record struct Demand(double PromptTokensPerSecond, double GenerationTokensPerSecond, double PromptDispersionTokens,
    double KvTokensInUse, double QueuedPromptTokens, double PromptTokensPerRequest)
{
    /// <summary>This demand with every rate, and the KV tokens and queue they hold, multiplied by <paramref name="factor"/>; request sizes unchanged.</summary>
    public Demand Scaled(double factor) => this with
    {
        PromptTokensPerSecond = PromptTokensPerSecond * factor,
        GenerationTokensPerSecond = GenerationTokensPerSecond * factor,
        KvTokensInUse = KvTokensInUse * factor,
        QueuedPromptTokens = QueuedPromptTokens * factor,
    };
}
