using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Headroom.Fleet.Tests;

public sealed class PrefixCacheProperties
{
    // The definition: a list of prompts, newest added first, each with when it was last used. A lookup finds the most
    // blocks any kept prompt shares with the prompt's start (of equals, the newest added) and marks it used; adding
    // drops the prompts the new one extends, then the least recently used until it fits.
    private sealed class Definition(long capacity)
    {
        private readonly List<(long[] Ids, int Value, long Used)> _kept = [];
        private long _clock;

        public (int, int) Find(long[] ids)
        {
            var (found, at) = (0, -1);
            for (var i = 0; i < _kept.Count; i++)
            {
                var shared = Shared(_kept[i].Ids, ids);
                if (shared > found) (found, at) = (shared, i);
            }
            if (at < 0) return (0, 0);
            _kept[at] = _kept[at] with { Used = ++_clock };
            return (found, _kept[at].Value);
        }

        public void Add(long[] ids, int value)
        {
            if (ids.Length > capacity) return;
            _kept.RemoveAll(k => Shared(k.Ids, ids) == k.Ids.Length && k.Ids[0] == ids[0]);
            while (_kept.Sum(k => k.Ids.Length) + ids.Length > capacity) _kept.Remove(_kept.MinBy(k => k.Used));
            _kept.Insert(0, (ids, value, ++_clock));
        }

        private static int Shared(long[] a, long[] b)
        {
            var i = 0;
            while (i < Math.Min(a.Length, b.Length) && a[i] == b[i]) i++;
            return i;
        }
    }

    // Prompts from a few short conversations, so that prompts extend, share a start with, and evict one another.
    [Property(MaxTest = 500)]
    public Property It_finds_and_keeps_what_the_definition_does(byte[] operations, byte capacity)
    {
        var cache = new PrefixCache<int> { Capacity = capacity % 24 + 1 };
        var definition = new Definition(cache.Capacity);
        for (var i = 0; i < operations.Length; i++)
        {
            var op = operations[i];
            long[] ids = [.. Enumerable.Range(0, op % 7 + 1).Select(b => (long)(b < 2 ? op % 3 : b * 10 + op % 4))];
            var prompt = new PromptBlocks(ids, 16, 0);
            var expected = definition.Find(ids);
            var actual = cache.CachedPrefix(prompt);
            if (expected != actual) return false.Label($"op {i}: found {actual}, defined {expected}");
            if (op % 2 == 0)
            {
                cache.Add(prompt, i);
                definition.Add(ids, i);
            }
        }
        return true.ToProperty();
    }
}
