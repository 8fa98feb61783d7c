using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Headroom.Fleet.Tests;

public sealed class RoutingLoadsProperties
{
    // The definition: one replica at a time, the first with the fewest requests counted in the tick.
    private static int Scan(int[] loads, long[] leftTick, int[] left, long tick)
    {
        var best = -1;
        var least = int.MaxValue;
        for (var i = 0; i < loads.Length; i++)
        {
            if (loads[i] == int.MaxValue) continue;
            var load = loads[i] + (leftTick[i] == tick ? left[i] : 0);
            if (load < least)
            {
                least = load;
                best = i;
            }
        }
        return best;
    }

    // Few distinct loads and ticks, so that ties, replicas taking no requests and requests left in the tick are common.
    [Property(MaxTest = 1000)]
    public Property The_least_loaded_replica_is_the_first_with_the_fewest_requests_in_the_tick(byte[] loadCodes, byte[] tickCodes, byte[] leftCodes, bool tickOne)
    {
        var n = loadCodes.Length;
        var loads = loadCodes.Select(c => c % 7 == 6 ? int.MaxValue : c % 6).ToArray();
        var leftTick = Enumerable.Range(0, n).Select(i => i < tickCodes.Length ? (long)(tickCodes[i] % 3) - 1 : -1).ToArray();
        var left = Enumerable.Range(0, n).Select(i => i < leftCodes.Length ? leftCodes[i] % 4 : 0).ToArray();
        var tick = tickOne ? 1L : 0L;

        var expected = Scan(loads, leftTick, left, tick);
        var found = RoutingLoads.LeastLoaded(loads, leftTick, left, tick);

        return (found == expected).Label($"loads [{string.Join(",", loads)}], left in ticks [{string.Join(",", leftTick)}] [{string.Join(",", left)}], tick {tick}: found {found}, expected {expected}");
    }
}
