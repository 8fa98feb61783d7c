namespace Headroom.Fleet;

/// <summary>
/// A prompt as the blocks a prefix cache keys on: each block's id, equal only for equal content up to and including
/// that block (a Mooncake trace's <c>hash_ids</c>), the tokens a block holds, and a salt that keeps apart copies of
/// a trace that stand for other users (a tiled or rate-scaled replay), so they share nothing.
/// </summary>
/// <param name="Ids">The block ids, first block first.</param>
/// <param name="BlockTokens">Tokens in a full block.</param>
/// <param name="Salt">Which copy of the trace the request belongs to.</param>
public readonly record struct PromptBlocks(long[] Ids, int BlockTokens, int Salt)
{
    /// <summary>Whether there are blocks to look up.</summary>
    public bool Any => Ids is { Length: > 0 };

    /// <summary>The cache key of block <paramref name="i"/>: its id within its copy (the id itself in the first copy).</summary>
    // Ids are small counters in Mooncake's traces but may be 64-bit hashes elsewhere, so the salt has no spare bits to
    // go in; it is mixed in as a multiple of the 64-bit golden ratio, and two copies' keys meet as rarely as two hashes.
    public long Key(int i) => Ids[i] ^ (Salt * unchecked((long)0x9E3779B97F4A7C15));

    /// <summary>Equal when the ids, the block size and the salt are, whichever arrays hold the ids.</summary>
    public bool Equals(PromptBlocks other) =>
        BlockTokens == other.BlockTokens && Salt == other.Salt && (Ids ?? []).AsSpan().SequenceEqual(other.Ids ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(BlockTokens, Salt, Ids?.Length ?? 0, Ids is { Length: > 0 } ids ? ids[0] : 0);
}
