namespace Headroom.Signals.Planning;

/// <summary>
/// Sizing on some dimensions only: the demand a role's replicas carry, and the needs of the dimensions they are sized
/// on. The sizing equations stay those of <see cref="ReplicaSizing"/>; a role changes what they are given.
/// </summary>
public static class RoleSizing
{
    /// <summary>
    /// The part of <paramref name="demand"/> that replicas sized on <paramref name="sized"/> carry: prompt work only
    /// with prefill or queue, generated tokens only with decode, KV use only with KV cache. Compute then counts the
    /// GPU time of that work alone, so a prefill role's share is prompt tokens ÷ prefill capacity and a decode role's
    /// generated tokens ÷ decode capacity.
    /// </summary>
    public static Demand Carried(this Demand demand, SizedDimensions sized)
    {
        if (sized == SizedDimensions.All) return demand;
        var prompts = (sized & (SizedDimensions.Prefill | SizedDimensions.Queue)) != 0;
        return demand with
        {
            PromptTokensPerSecond = prompts ? demand.PromptTokensPerSecond : 0,
            QueuedPromptTokens = prompts ? demand.QueuedPromptTokens : 0,
            GenerationTokensPerSecond = sized.HasFlag(SizedDimensions.Decode) ? demand.GenerationTokensPerSecond : 0,
            KvTokensInUse = sized.HasFlag(SizedDimensions.KvCache) ? demand.KvTokensInUse : 0,
        };
    }

    /// <summary><paramref name="needs"/> with every dimension outside <paramref name="sized"/> needing none.</summary>
    public static ReplicaNeeds Within(this ReplicaNeeds needs, SizedDimensions sized) =>
        sized == SizedDimensions.All ? needs : new ReplicaNeeds(
            sized.HasFlag(SizedDimensions.Prefill) ? needs.Prefill : 0,
            sized.HasFlag(SizedDimensions.Compute) ? needs.Compute : 0,
            sized.HasFlag(SizedDimensions.Decode) ? needs.Decode : 0,
            sized.HasFlag(SizedDimensions.KvCache) ? needs.KvCache : 0,
            sized.HasFlag(SizedDimensions.Queue) ? needs.Queue : 0);

    /// <summary>Replicas each dimension in <paramref name="sized"/> needs for the demand those replicas carry.</summary>
    public static ReplicaNeeds Size(Demand demand, SizedDimensions sized, ReplicaCapacity capacity, ServiceObjective objective, TimeSpan queueDrain) =>
        ReplicaSizing.Size(demand.Carried(sized), capacity, objective, queueDrain).Within(sized);
}
