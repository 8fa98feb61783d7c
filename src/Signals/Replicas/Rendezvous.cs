using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Headroom.Signals.Replicas;

/// <summary>
/// Highest-random-weight hashing: a workload belongs to the member whose hash with it is highest. Every replica that
/// sees the same members picks the same owner, and a member joining or leaving moves only the workloads it gains or
/// held, about 1/n of them, never reshuffling the rest.
/// </summary>
public static class Rendezvous
{
    /// <summary>The owner of <paramref name="key"/> among <paramref name="members"/>; null when there are none.</summary>
    public static Member? Owner(string key, IReadOnlyList<Member> members)
    {
        Member? best = null;
        ulong bestWeight = 0;
        foreach (var member in members)
        {
            var weight = Weight(member.Identity, key);
            // Ties (vanishingly rare) go to the smaller name, so that every replica breaks them alike.
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(member.Identity, best.Identity) < 0))
            {
                best = member;
                bestWeight = weight;
            }
        }
        return best;
    }

    // A cryptographic hash, so that similar pod names (chat-7f9c-abcde, chat-7f9c-abcdf) weigh independently.
    private static ulong Weight(string member, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(member + "\n" + key), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
