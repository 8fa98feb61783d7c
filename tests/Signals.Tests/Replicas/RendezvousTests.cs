using Headroom.Signals.Replicas;

namespace Headroom.Signals.Tests.Replicas;

/// <summary>Rendezvous hashing: the same owner from every replica, an even spread, and little movement when members change.</summary>
public sealed class RendezvousTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 4000).Select(i => $"ns-{i % 7}/workload-{i}").ToArray();

    private static Member[] Members(params string[] names) => names.Select(n => new Member(n, null)).ToArray();

    [Fact]
    public void The_owner_depends_on_the_members_not_on_their_order()
    {
        var forward = Members("headroom-7f9c-abcde", "headroom-7f9c-abcdf", "headroom-7f9c-xyz12");
        var backward = forward.Reverse().ToArray();
        Assert.All(Keys, k => Assert.Equal(Rendezvous.Owner(k, forward)!.Identity, Rendezvous.Owner(k, backward)!.Identity));
        Assert.Null(Rendezvous.Owner("ml/chat", []));
    }

    [Fact]
    public void Four_members_each_own_about_a_quarter()
    {
        var members = Members("a", "b", "c", "d");
        var counts = Keys.GroupBy(k => Rendezvous.Owner(k, members)!.Identity).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.Count);
        // 4,000 keys: a quarter is 1,000 with a binomial spread of about 27; 10% either side is over three of those.
        Assert.All(counts.Values, c => Assert.InRange(c, 900, 1100));
    }

    [Fact]
    public void A_member_joining_takes_only_its_share_and_one_leaving_moves_only_its_own()
    {
        var three = Members("a", "b", "c");
        var four = Members("a", "b", "c", "d");
        var before = Keys.ToDictionary(k => k, k => Rendezvous.Owner(k, three)!.Identity);
        var after = Keys.ToDictionary(k => k, k => Rendezvous.Owner(k, four)!.Identity);

        var moved = Keys.Where(k => before[k] != after[k]).ToArray();
        Assert.All(moved, k => Assert.Equal("d", after[k]));
        Assert.InRange(moved.Length, 900, 1100);

        var withoutB = Members("a", "c", "d");
        Assert.All(Keys.Where(k => after[k] != "b"), k => Assert.Equal(after[k], Rendezvous.Owner(k, withoutB)!.Identity));
    }
}
