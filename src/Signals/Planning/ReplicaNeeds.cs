namespace Headroom.Signals.Planning;

/// <summary>Replicas each dimension of demand needs, and the largest of them with the dimension that set it.</summary>
/// <param name="Prefill">Replicas whose prefill meets the objective for the prompt tokens arriving.</param>
/// <param name="Compute">Replicas whose GPU time covers prefill and decode together at the GPU utilisation target.</param>
/// <param name="Decode">Replicas that generate the tokens asked for at the decode utilisation target.</param>
/// <param name="KvCache">Replicas whose KV caches hold the tokens in use at the KV utilisation target.</param>
/// <param name="Queue">Replicas that serve arriving prompts and drain the queued ones within the drain target.</param>
public readonly record struct ReplicaNeeds(int Prefill, int Compute, int Decode, int KvCache, int Queue)
{
    /// <summary>The most any dimension needs.</summary>
    public int Replicas => Math.Max(Math.Max(Math.Max(Prefill, Compute), Decode), Math.Max(KvCache, Queue));

    /// <summary>The dimension that needs <see cref="Replicas"/> (the first in declaration order on a tie); idle when none needs any.</summary>
    public Dimension BoundBy =>
        Replicas == 0 ? Dimension.Idle
        : Replicas == Prefill ? Dimension.Prefill
        : Replicas == Compute ? Dimension.Compute
        : Replicas == Decode ? Dimension.Decode
        : Replicas == KvCache ? Dimension.KvCache
        : Dimension.Queue;
}
