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

    // Each operation code picks a replica, whether it is set or removed, and a time from few values, so that ties,
    // replicas set again, removed twice and added back are all common; forty replicas make a heap several levels deep.
    [Property(MaxTest = 500)]
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
