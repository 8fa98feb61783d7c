using BenchmarkDotNet.Attributes;
using Headroom.Fleet;

namespace Headroom.Bench.Fleet;

/// <summary>
/// Forty replicas' prefix caches (781 blocks each, the 8B profile's KV cache in 512-token blocks) each looking up and
/// then taking prompts of 30 blocks, a quarter of them continuing an earlier prompt, in turn, as a tiled Mooncake
/// replay at 40 replicas does: an exact LRU of blocks (the standard library's dictionary and linked list) against the
/// <see cref="PrefixCache{TValue}"/> of prompts the fleet keeps.
/// </summary>
[MemoryDiagnoser]
public class PrefixCacheBenchmarks
{
    private const int Replicas = 40, Capacity = 781, Blocks = 30, Prompts = 4096;
    private long[][] _prompts = [];
    private PrefixCache<bool>[] _prompted = [];
    private ExactLru[] _exact = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        long next = 0;
        // A prompt continues an earlier one now and then, as a conversation's next turn does.
        _prompts = new long[Prompts][];
        for (var p = 0; p < Prompts; p++)
        {
            var shared = p > 0 && random.Next(4) == 0 ? _prompts[random.Next(p)] : [];
            _prompts[p] = [.. shared.Take(Blocks / 2), .. Enumerable.Range(0, Blocks - Math.Min(shared.Length, Blocks / 2)).Select(_ => next++)];
        }
        _prompted = [.. Enumerable.Range(0, Replicas).Select(_ => new PrefixCache<bool> { Capacity = Capacity })];
        _exact = [.. Enumerable.Range(0, Replicas).Select(_ => new ExactLru(Capacity))];
    }

    [Benchmark(Baseline = true)]
    public int BlocksInDictionaryAndLinkedList()
    {
        var found = 0;
        for (var p = 0; p < _prompts.Length; p++)
        {
            var cache = _exact[p % Replicas];
            var prompt = _prompts[p];
            var shared = 0;
            while (shared < prompt.Length && cache.Touch(prompt[shared], add: false)) shared++;
            found += shared;
            foreach (var key in prompt) cache.Touch(key, add: true);
        }
        return found;
    }

    [Benchmark]
    public int PrefixCacheOfPrompts()
    {
        var found = 0;
        for (var p = 0; p < _prompts.Length; p++)
        {
            var cache = _prompted[p % Replicas];
            var prompt = new PromptBlocks(_prompts[p], 512, 0);
            found += cache.CachedPrefix(prompt).Blocks;
            cache.Add(prompt, true);
        }
        return found;
    }

    // The textbook LRU: a dictionary from key to its node in a list ordered by use.
    private sealed class ExactLru(int capacity)
    {
        private readonly Dictionary<long, LinkedListNode<long>> _nodes = [];
        private readonly LinkedList<long> _order = new();

        public bool Touch(long key, bool add)
        {
            if (_nodes.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return true;
            }
            if (!add) return false;
            if (_nodes.Count == capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _nodes.Remove(last.Value);
                last.Value = key;
                _order.AddFirst(last);
                _nodes.Add(key, last);
                return false;
            }
            _nodes.Add(key, _order.AddFirst(key));
            return false;
        }
    }
}
