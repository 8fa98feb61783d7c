using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Planning;

/// <summary>
/// Erlang's C as the sizing computes it (its B carried as 1/B, a multiply-add per server) against the textbook
/// recurrence B_k = aB/(k + aB), with a division per server, from one server to beyond any fleet.
/// </summary>
public sealed class ErlangCProperties
{
    // Drawn over their whole ranges: FsCheck's own integers stay below its size (100 by default).
    [Property(Arbitrary = [typeof(ErlangCProperties)], MaxTest = 500)]
    public Property Agrees_with_the_recurrence_by_division((int Servers, int LoadPermille) fleet)
    {
        var servers = fleet.Servers;
        // Offered load from nearly none to just under the servers: past them the chance is 1 by definition.
        var offered = servers * fleet.LoadPermille / 1000.0;
        var computed = ReplicaSizing.ErlangC(servers, offered);
        var expected = Textbook(servers, offered);
        return (Math.Abs(computed - expected) <= 1e-12 + 1e-9 * expected).Label($"C({servers}, {offered}) = {computed}, the recurrence {expected}");
    }

    [Theory]
    [InlineData(1, 0.5, 0.5)] // one server: C = ρ
    [InlineData(2, 1.0, 1.0 / 3)] // C(2, 1) = 1/3
    [InlineData(5, 5.0, 1.0)] // at or past the servers, every arrival waits
    [InlineData(100_000, 10.0, 0.0)] // far past the load: 1/B beyond double's range, B and C zero
    public void Known_values(int servers, double offered, double expected) =>
        Assert.Equal(expected, ReplicaSizing.ErlangC(servers, offered), 12);

    /// <summary>From one server to 5,000, offered from 0.1% of them to 99.9%.</summary>
    public static Arbitrary<(int, int)> Fleets() =>
        (from servers in Gen.Choose(1, 5000) from permille in Gen.Choose(1, 999) select (servers, permille)).ToArbitrary();

    private static double Textbook(int servers, double offered)
    {
        double blocking = 1;
        for (var k = 1; k <= servers; k++) blocking = offered * blocking / (k + offered * blocking);
        return servers * blocking / (servers - offered * (1 - blocking));
    }
}
