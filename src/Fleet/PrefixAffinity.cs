namespace Headroom.Fleet;

/// <summary>
/// The router's side of prefix-affinity routing: which replica each prompt block was last sent to, in an index as
/// large as the fleet's prefix caches together, so that a prompt can follow its prefix to the replica likely to hold
/// it. Like a gateway's, the index is the router's own guess; the replica's cache decides what is found.
/// </summary>
internal sealed class PrefixAffinity(long kvCacheTokens)
{
    private readonly BlockCache<Replica> _sentTo = new();

    /// <summary>The replica the longest known prefix of <paramref name="prompt"/> was sent to; null when none of it was.</summary>
    public Replica? Holder(in PromptBlocks prompt)
    {
        Replica? holder = null;
        for (var i = 0; i < prompt.Ids.Length && _sentTo.TryGet(prompt.Key(i), out var r); i++) holder = r;
        return holder;
    }

    /// <summary>Records that <paramref name="prompt"/> went to <paramref name="replica"/>, in a fleet of <paramref name="replicas"/>.</summary>
    public void Sent(in PromptBlocks prompt, Replica replica, int replicas)
    {
        // Grown by doubling, as placing every key again is worth it only now and then; a larger index than the caches
        // hold is harmless, as a stale entry only sends a prompt where its prefix is no longer found.
        var needed = kvCacheTokens / prompt.BlockTokens * Math.Max(1, replicas);
        if (needed > _sentTo.Capacity) _sentTo.Capacity = 2 * needed;
        for (var i = 0; i < prompt.Ids.Length; i++) _sentTo.Set(prompt.Key(i), replica);
    }
}
