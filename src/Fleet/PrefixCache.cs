using System.Runtime.InteropServices;

namespace Headroom.Fleet;

/// <summary>
/// Prompts' blocks kept until the space is needed and then dropped least recently used first, each prompt with a
/// value: one replica's automatic prefix cache (vLLM's, on by default since its V1 engine), where a request finds the
/// longest leading run of its prompt's blocks that a cached prompt shares and prefills only the rest; and the
/// router's index of which replica each prompt went to, for prefix-affinity routing.
/// </summary>
/// <remarks>
/// Kept by prompt, not by block: a tiled Mooncake replay passes tens of millions of blocks through the caches, and
/// one hash-table operation per block cost more than the rest of the replay, where a prompt costs one. The blocks
/// are the same a block cache would hold where prompts extend one another (a conversation's next turn replaces the
/// turn it extends, so each block is held once); prompts that share only a start (a common system prompt) each hold
/// their own copy of it, so such a cache fills sooner than vLLM's and finds a little less. A prompt is cached once
/// its prefill ends, as vLLM hashes a block once it is computed, and one that is found counts as used. Blocks of
/// running requests are not pinned.
/// </remarks>
internal sealed class PrefixCache<TValue>
{
    // Prompts by slot, with the links of the list in order of use (newest at _newest) and of their first block's chain.
    private PromptBlocks[] _prompts = new PromptBlocks[16];
    private TValue[] _values = new TValue[16];
    private int[] _older = new int[16], _newer = new int[16], _nextSharingFirst = new int[16], _prevSharingFirst = new int[16];
    private readonly Dictionary<long, int> _byFirstBlock = [];
    private int _newest = -1, _oldest = -1, _free = -1, _used;
    private long _blocks;

    /// <summary>Most blocks kept; lowering it takes effect at the next <see cref="Add"/>.</summary>
    public long Capacity { get; set; }

    /// <summary>
    /// How many leading blocks of <paramref name="prompt"/> a cached prompt shares, and that prompt's value, the
    /// longest first; that prompt counts as used now. None shared: 0 and the default value.
    /// </summary>
    public (int Blocks, TValue Value) CachedPrefix(in PromptBlocks prompt)
    {
        if (!_byFirstBlock.TryGetValue(prompt.Key(0), out var slot)) return (0, default!);
        var (found, best) = (0, -1);
        for (; slot >= 0; slot = _nextSharingFirst[slot])
        {
            var shared = Shared(_prompts[slot], prompt);
            if (shared > found) (found, best) = (shared, slot);
        }
        if (best < 0) return (0, default!);
        MakeNewest(best);
        return (found, _values[best]);
    }

    /// <summary>
    /// Keeps <paramref name="prompt"/> with <paramref name="value"/> as the most recently used, dropping the kept
    /// prompts it extends and the least recently used past capacity.
    /// </summary>
    public void Add(in PromptBlocks prompt, TValue value)
    {
        if (prompt.Ids.Length > Capacity) return;
        var first = prompt.Key(0);
        if (_byFirstBlock.TryGetValue(first, out var slot))
        {
            while (slot >= 0)
            {
                var next = _nextSharingFirst[slot];
                if (Shared(_prompts[slot], prompt) == _prompts[slot].Ids.Length) Remove(slot);
                slot = next;
            }
        }
        while (_blocks + prompt.Ids.Length > Capacity) Remove(_oldest);
        slot = NewSlot();
        _prompts[slot] = prompt;
        _values[slot] = value;
        _blocks += prompt.Ids.Length;
        _older[slot] = _newest;
        _newer[slot] = -1;
        if (_newest >= 0) _newer[_newest] = slot;
        _newest = slot;
        if (_oldest < 0) _oldest = slot;
        _prevSharingFirst[slot] = -1;
        // Found and set in one lookup: nothing else changes the dictionary while the reference is held.
        ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_byFirstBlock, first, out var shared);
        _nextSharingFirst[slot] = shared ? head : -1;
        if (shared) _prevSharingFirst[head] = slot;
        head = slot;
    }

    private static int Shared(in PromptBlocks cached, in PromptBlocks prompt)
    {
        var n = Math.Min(cached.Ids.Length, prompt.Ids.Length);
        var i = 0;
        while (i < n && cached.Key(i) == prompt.Key(i)) i++;
        return i;
    }

    private void MakeNewest(int slot)
    {
        if (slot == _newest) return;
        Unlink(slot);
        _older[slot] = _newest;
        _newer[slot] = -1;
        _newer[_newest] = slot;
        _newest = slot;
    }

    private void Remove(int slot)
    {
        Unlink(slot);
        var (prev, next) = (_prevSharingFirst[slot], _nextSharingFirst[slot]);
        if (next >= 0) _prevSharingFirst[next] = prev;
        if (prev >= 0) _nextSharingFirst[prev] = next;
        else if (next >= 0) _byFirstBlock[_prompts[slot].Key(0)] = next;
        else _byFirstBlock.Remove(_prompts[slot].Key(0));
        _blocks -= _prompts[slot].Ids.Length;
        _prompts[slot] = default;
        _values[slot] = default!;
        _nextSharingFirst[slot] = _free;
        _free = slot;
    }

    private void Unlink(int slot)
    {
        var (older, newer) = (_older[slot], _newer[slot]);
        if (older >= 0) _newer[older] = newer;
        else _oldest = newer;
        if (newer >= 0) _older[newer] = older;
        else _newest = older;
    }

    private int NewSlot()
    {
        if (_free >= 0)
        {
            var reused = _free;
            _free = _nextSharingFirst[reused];
            return reused;
        }
        if (_used == _prompts.Length)
        {
            var size = _used * 2;
            Array.Resize(ref _prompts, size);
            Array.Resize(ref _values, size);
            Array.Resize(ref _older, size);
            Array.Resize(ref _newer, size);
            Array.Resize(ref _nextSharingFirst, size);
            Array.Resize(ref _prevSharingFirst, size);
        }
        return _used++;
    }
}
