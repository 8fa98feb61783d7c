using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Headroom.Fleet.Tests;

public sealed class ReplicaAgendaProperties
{
    private static readonly ModelProfile Model = new("test", 1, 10, 0, 10_000, 1_000, 256, 1_000_000);

    // Heap [0, 5, 1, 6, 7, 2, 3]: taking off the 6 moves the 3 from the last place into its, under the 5, where it
    // must rise; left there, the 5 would come off first once the times above them grow.
    [Fact]
    public void A_replica_moved_into_a_removed_ones_place_rises_above_a_later_parent()
    {
        var replicas = Enumerable.Range(0, 7).Select(i => new Replica($"r{i}", Model, ReplicaStartup.Warm(0))).ToArray();
        var agenda = new ReplicaAgenda();
        double[] times = [0, 5, 1, 6, 7, 2, 3];
        for (var i = 0; i < times.Length; i++) agenda.Set(replicas[i], times[i]);

        agenda.Remove(replicas[3]);
        foreach (var i in new[] { 0, 2, 5 }) agenda.Set(replicas[i], 100);

        Assert.Equal(3, agenda.EarliestAt);
        Assert.Same(replicas[6], agenda.Earliest);
    }

    // Heap [0, 1, 6, 7, 5]: taking off the 5, the last, leaves its time past the end; the 0 moved to 10 then sinks to
    // the 7's place, whose sibling would be that stale 5 if the place past the end did not read as infinity.
    [Fact]
    public void A_replica_sinking_beside_the_end_never_takes_the_place_past_it()
    {
        var replicas = Enumerable.Range(0, 5).Select(i => new Replica($"r{i}", Model, ReplicaStartup.Warm(0))).ToArray();
        var agenda = new ReplicaAgenda();
        double[] times = [0, 5, 6, 7, 1];
        for (var i = 0; i < times.Length; i++) agenda.Set(replicas[i], times[i]);

        agenda.Remove(replicas[1]);
        agenda.Set(replicas[0], 10);

        var order = new List<(Replica, double)>();
        while (agenda.Count > 0)
        {
            order.Add((agenda.Earliest, agenda.EarliestAt));
            agenda.Remove(agenda.Earliest);
        }
        Assert.Equal([(replicas[4], 1.0), (replicas[2], 6.0), (replicas[3], 7.0), (replicas[0], 10.0)], order);
    }

    // Each operation code picks a replica, whether it is set or removed, and a time from few values, so that ties,
    // replicas set again, removed twice and added back are all common; forty replicas make a heap several levels deep.
    [Property(Arbitrary = [typeof(OperationCodes)], MaxTest = 500)]
    public Property The_earliest_is_always_a_replica_with_the_least_time_and_they_come_off_in_time_order(ushort[] operations)
    {
        var replicas = Enumerable.Range(0, 40).Select(i => new Replica($"r{i}", Model, ReplicaStartup.Warm(0))).ToArray();
        var agenda = new ReplicaAgenda();
        var expected = new Dictionary<Replica, double>();
        foreach (var code in operations)
        {
            var replica = replicas[(code >> 2) % replicas.Length];
            if (code % 5 == 0)
            {
                agenda.Remove(replica);
                expected.Remove(replica);
            }
            else
            {
                var at = (code >> 8) % 33 == 32 ? double.PositiveInfinity : (code >> 8) % 33;
                agenda.Set(replica, at);
                expected[replica] = at;
            }
            var least = expected.Count == 0 ? double.PositiveInfinity : expected.Values.Min();
            if (agenda.Count != expected.Count || agenda.EarliestAt != least || (expected.Count > 0 && expected[agenda.Earliest] != least))
                return false.Label($"after {code}: {agenda.Count} on the agenda, earliest at {agenda.EarliestAt}; expected {expected.Count} at {least}");
        }
        // Taken off earliest first, the replicas come in the order of their times: a misplaced one deep in the heap shows.
        while (expected.Count > 0)
        {
            var least = expected.Values.Min();
            var earliest = agenda.Earliest;
            if (agenda.EarliestAt != least || expected[earliest] != least)
                return false.Label($"taking off: earliest at {agenda.EarliestAt}, expected {least}");
            agenda.Remove(earliest);
            expected.Remove(earliest);
        }
        return (agenda.Count == 0).Label($"{agenda.Count} left on the agenda");
    }
}

/// <summary>
/// Operation codes over the whole range of ushort: FsCheck's own stay below its size (100 by default), where every
/// time the agenda property reads from a code's high byte is 0 and only the first replicas are picked.
/// </summary>
public static class OperationCodes
{
    public static Arbitrary<ushort[]> Codes() => Gen.Choose(0, ushort.MaxValue).Select(code => (ushort)code).ArrayOf().ToArbitrary();
}
