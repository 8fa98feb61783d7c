namespace Headroom.Fleet;

/// <summary>
/// The router's side of prefix-affinity routing: which replica each prompt was last sent to, in an index that holds
/// as many blocks as the fleet's prefix caches together, so that a prompt can follow its prefix to the replica likely
/// to hold it. Like a gateway's, the index is the router's own guess; the replica's cache decides what is found.
/// </summary>
internal sealed class PrefixAffinity(long kvCacheTokens)
{
    private readonly PrefixCache<Replica?> _sentTo = new();

    /// <summary>The replica the longest known prefix of <paramref name="prompt"/> was sent to; null when none of it was.</summary>
    public Replica? Holder(in PromptBlocks prompt) => _sentTo.CachedPrefix(prompt).Value;

    /// <summary>Records that <paramref name="prompt"/> went to <paramref name="replica"/>, in a fleet of <paramref name="replicas"/>.</summary>
    public void Sent(in PromptBlocks prompt, Replica replica, int replicas)
    {
        _sentTo.Capacity = kvCacheTokens / prompt.BlockTokens * Math.Max(1, replicas);
        _sentTo.Add(prompt, replica);
    }
}
