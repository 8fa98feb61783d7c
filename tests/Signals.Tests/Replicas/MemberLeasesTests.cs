using System.Net;
using Headroom.Signals.Replicas;
using Headroom.Signals.Tests.Support;
using k8s.Autorest;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Replicas;

/// <summary>Member Leases against the stand-in API: joining, seeing each other, a member going silent, leaving.</summary>
public sealed class MemberLeasesTests : IAsyncLifetime
{
    private readonly KubernetesApiStandIn _api = new();
    private readonly ManualTimeProvider _time = new();

    private static ReplicaOptions Options(string identity) => new() { Namespace = "headroom", Identity = identity };

    private MemberLeases Leases(string identity) => new(_api.Client(), Options(identity), _time, NullLogger.Instance);

    private static Uri Address(string identity) => new($"https://{identity}.test:6443/");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Members_see_each_other_and_a_silent_one_is_gone_after_the_lease_duration()
    {
        var (a, b) = (Leases("a"), Leases("b"));
        await a.RenewAsync(Address("a"), default);
        var seenByB = await b.RenewAsync(Address("b"), default);
        Assert.Equal(["a", "b"], seenByB.Members.Select(m => m.Identity));
        Assert.Equal(Address("a"), seenByB.Members[0].PeerAddress);
        var lease = _api.Get("leases", "headroom", "headroom-member-a")!;
        Assert.Equal("a", lease["spec"]!["holderIdentity"]!.GetValue<string>());
        Assert.Equal(15, lease["spec"]!["leaseDurationSeconds"]!.GetValue<int>());
        Assert.Equal("headroom", lease["metadata"]!["labels"]![ReplicaOptions.GroupLabel]!.GetValue<string>());

        // a renews every 5 s for a while: it stays; then it stops, and 15 s of b's own clock later it is gone.
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await a.RenewAsync(Address("a"), default);
            Assert.Equal(2, (await b.RenewAsync(Address("b"), default)).Members.Count);
        }
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await b.RenewAsync(Address("b"), default)).Members.Count);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["b"], (await b.RenewAsync(Address("b"), default)).Members.Select(m => m.Identity));
    }

    [Fact]
    public async Task A_member_that_leaves_deletes_its_lease_and_is_gone_at_once()
    {
        var (a, b) = (Leases("a"), Leases("b"));
        await a.RenewAsync(Address("a"), default);
        await b.RenewAsync(Address("b"), default);

        await a.ReleaseAsync(default);

        Assert.Equal(["b"], (await b.RenewAsync(Address("b"), default)).Members.Select(m => m.Identity));
        Assert.Equal(["headroom-member-b"], _api.Names("leases", "headroom"));
    }

    [Fact]
    public async Task A_renewal_that_races_another_writer_gets_a_conflict_and_the_next_one_succeeds()
    {
        var a = Leases("a");
        await a.RenewAsync(Address("a"), default);
        // Someone else rewrites the Lease between a's read and its write: the stand-in answers 409, as the API would.
        var client = _api.Client();
        var stale = await k8s.CoordinationV1OperationsExtensions.ReadNamespacedLeaseAsync(client.CoordinationV1, "headroom-member-a", "headroom");
        var fresh = await k8s.CoordinationV1OperationsExtensions.ReadNamespacedLeaseAsync(client.CoordinationV1, "headroom-member-a", "headroom");
        await k8s.CoordinationV1OperationsExtensions.ReplaceNamespacedLeaseAsync(client.CoordinationV1, fresh, "headroom-member-a", "headroom");
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            k8s.CoordinationV1OperationsExtensions.ReplaceNamespacedLeaseAsync(client.CoordinationV1, stale, "headroom-member-a", "headroom"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        var seen = await a.RenewAsync(Address("a"), default);
        Assert.Equal(["a"], seen.Members.Select(m => m.Identity));
    }

    [Fact]
    public async Task Leases_of_another_group_or_with_a_foreign_holder_are_not_members()
    {
        var other = new MemberLeases(_api.Client(), Options("x") with { Group = "other" }, _time, NullLogger.Instance);
        await other.RenewAsync(Address("x"), default);

        var seen = await Leases("a").RenewAsync(Address("a"), default);

        Assert.Equal(["a"], seen.Members.Select(m => m.Identity));
    }

    [Fact]
    public async Task The_lease_of_a_member_gone_for_ten_lease_durations_is_deleted_unless_it_came_back()
    {
        var (a, b, c) = (Leases("a"), Leases("b"), Leases("c"));
        await a.RenewAsync(Address("a"), default);
        await b.RenewAsync(Address("b"), default);
        await c.RenewAsync(Address("c"), default);

        // b and c stop; c comes back just before b's Lease is collected.
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            if (i == 29) await c.RenewAsync(Address("c"), default);
            await a.RenewAsync(Address("a"), default);
        }
        // a first saw b's Lease at its second renewal, 5 s in; ten durations (150 s) after that it is abandoned.
        _time.Advance(TimeSpan.FromSeconds(10));
        var seen = await a.RenewAsync(Address("a"), default);

        Assert.Equal(["headroom-member-a", "headroom-member-c"], _api.Names("leases", "headroom"));
        Assert.Equal(["a", "c"], seen.Members.Select(m => m.Identity));
    }
}
