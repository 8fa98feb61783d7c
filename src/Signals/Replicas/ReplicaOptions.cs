namespace Headroom.Signals.Replicas;

/// <summary>How replicas that share workloads find each other, hand work over and keep learned state.</summary>
public sealed record ReplicaOptions
{
    /// <summary>Namespace of the member Leases and the checkpoint ConfigMaps: the adapter's own.</summary>
    public required string Namespace { get; init; }

    /// <summary>This replica's name among its group: its pod name.</summary>
    public required string Identity { get; init; }

    /// <summary>Replicas of one Deployment share a group; it prefixes the Leases and ConfigMaps and labels them.</summary>
    public string Group { get; init; } = "headroom";

    /// <summary>A member whose Lease is not renewed for this long is gone; its workloads pass to the others.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between renewals of this replica's Lease, each followed by a fresh list of the members.</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between two checkpoints of one owned workload's learned state.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the options; returns every problem found.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IsDnsLabel(Namespace)) problems.Add($"namespace \"{Namespace}\" is not a Kubernetes namespace name");
        if (!IsDnsSubdomain(Identity) || Identity.Length > 200) problems.Add($"replica name \"{Identity}\" is not a pod name (lowercase letters, digits, '-' and '.', at most 200 characters)");
        if (!IsDnsLabel(Group) || Group.Length > 40) problems.Add($"group \"{Group}\" must be a DNS label of at most 40 characters");
        if (RenewInterval <= TimeSpan.Zero) problems.Add("the lease renew interval must be more than zero");
        // Two renewals fit in a lease, so that one lost renewal does not hand the workloads over.
        if (LeaseDuration < RenewInterval * 2) problems.Add($"the lease duration ({LeaseDuration.TotalSeconds}s) must be at least twice the renew interval ({RenewInterval.TotalSeconds}s)");
        if (LeaseDuration.TotalSeconds > int.MaxValue || LeaseDuration.TotalSeconds < 1) problems.Add("the lease duration must be between 1s and int.MaxValue seconds");
        if (CheckpointInterval <= TimeSpan.Zero) problems.Add("the checkpoint interval must be more than zero");
        return problems;
    }

    /// <summary>The name of a replica's member Lease.</summary>
    public string LeaseName(string identity) => $"{Group}-member-{identity}";

    /// <summary>The label every object of the group carries, with <see cref="Group"/> as its value.</summary>
    public const string GroupLabel = "headroom.dev/replica-group";

    private static bool IsDnsLabel(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 63 && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && s[0] != '-' && s[^1] != '-';

    private static bool IsDnsSubdomain(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 253 && s.Split('.').All(IsDnsLabel);
}
