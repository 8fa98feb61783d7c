namespace Headroom.Signals.Replicas;

/// <summary>The live members of the group as one replica last saw them, itself included, ordered by name.</summary>
/// <param name="Self">This replica's name.</param>
/// <param name="Members">Live members, ordered by name.</param>
/// <param name="SeenAt">When the Leases were listed.</param>
public sealed record Membership(string Self, IReadOnlyList<Member> Members, DateTimeOffset SeenAt)
{
    /// <summary>Before the Leases were first seen: no member, so this replica owns nothing yet.</summary>
    public static Membership Unknown(string self) => new(self, [], DateTimeOffset.MinValue);

    /// <summary>The members other than this replica.</summary>
    public IEnumerable<Member> Peers => Members.Where(m => m.Identity != Self);

    /// <summary>Whether the other membership has the same members at the same addresses.</summary>
    public bool SameMembers(Membership other) => Members.SequenceEqual(other.Members);
}
