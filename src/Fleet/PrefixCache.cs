namespace Headroom.Fleet;

/// <summary>
/// One replica's automatic prefix cache (vLLM's, on by default since its V1 engine): the KV blocks of prompts it has
/// prefilled, kept until the space is needed and then evicted least recently used first. A request finds the leading
/// blocks of its prompt that are cached and prefills only the rest.
/// </summary>
/// <remarks>
/// The cache holds at most the KV cache's tokens in blocks. Blocks of running requests are not pinned, which makes
/// the model slightly generous when the cache is full of running work; a block is cached once its prompt is
/// prefilled, as vLLM hashes a block once it is computed.
/// </remarks>
internal sealed class PrefixCache(long capacityTokens)
{
    private readonly BlockCache<bool> _blocks = new();

    /// <summary>Blocks cached.</summary>
    public int Count => _blocks.Count;

    /// <summary>How many leading blocks of <paramref name="prompt"/> are cached; each one found counts as used now.</summary>
    public int CachedPrefix(in PromptBlocks prompt)
    {
        var found = 0;
        while (found < prompt.Ids.Length && _blocks.TryGet(prompt.Key(found), out _)) found++;
        return found;
    }

    /// <summary>Caches every block of <paramref name="prompt"/> as the most recently used, evicting the least recently used past capacity.</summary>
    public void Add(in PromptBlocks prompt)
    {
        // One trace's blocks are all one size, so the first prompt's sets how many fit.
        if (_blocks.Capacity == 0) _blocks.Capacity = capacityTokens / prompt.BlockTokens;
        for (var i = 0; i < prompt.Ids.Length; i++) _blocks.Set(prompt.Key(i), true);
    }
}
