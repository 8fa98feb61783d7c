using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Headroom.Fleet.Tests;

public sealed class BlockCacheProperties
{
    // Against a list in order of use: any of the last Ways keys used is kept with its last value, nothing is kept that
    // was never set, and the count never passes the capacity. Keys are spread over bit ranges, as ids and hashes are.
    [Property(MaxTest = 500)]
    public Property It_keeps_the_most_recently_used_keys_with_their_last_values(byte[] operations, byte capacity, bool resize)
    {
        var cache = new BlockCache<int> { Capacity = capacity % 40 + 1 };
        var order = new List<long>();
        var values = new Dictionary<long, int>();
        for (var i = 0; i < operations.Length; i++)
        {
            var key = (long)(operations[i] % 50) << (operations[i] % 3 * 20);
            if (operations[i] % 2 == 0)
            {
                var found = cache.TryGet(key, out var value);
                if (found && (!values.TryGetValue(key, out var last) || last != value)) return false.Label($"get {key} at {i}: {value}");
                if (!found && order.Take(BlockCache<int>.Ways).Contains(key)) return false.Label($"lost recent {key} at {i}");
                if (found) Use(order, key);
            }
            else
            {
                cache.Set(key, i);
                values[key] = i;
                Use(order, key);
            }
            if (resize && i == operations.Length / 2) cache.Capacity += 16;
            if (cache.Count > cache.Capacity) return false.Label($"count {cache.Count} over {cache.Capacity}");
        }
        return true.ToProperty();
    }

    private static void Use(List<long> order, long key)
    {
        order.Remove(key);
        order.Insert(0, key);
    }
}
