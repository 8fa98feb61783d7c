namespace Headroom.Signals.Planning;

/// <summary>What one replica sustains flat out in each dimension of demand.</summary>
/// <param name="PrefillTokensPerSecond">Prompt tokens per second one replica prefills when it does nothing else.</param>
/// <param name="DecodeTokensPerSecond">Generated tokens per second one replica decodes at its largest batch.</param>
/// <param name="KvCacheTokens">Tokens one replica's KV cache holds.</param>
public sealed record ReplicaCapacity(double PrefillTokensPerSecond, double DecodeTokensPerSecond, double KvCacheTokens)
{
    /// <summary>
    /// How much more often a prompt waits, dispatched on arrival by the fleet's router, than one queue in front of every
    /// replica would make it (<see cref="ReplicaSizing.DispatchLoadFactor"/>): learned from the engines' waiting
    /// (<see cref="DispatchEstimator"/>), else the calibrated prior.
    /// </summary>
    public double DispatchLoadFactor { get; init; } = ReplicaSizing.DispatchLoadFactor;
}
