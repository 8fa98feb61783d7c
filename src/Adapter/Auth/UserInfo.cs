namespace Headroom.Adapter.Auth;

/// <summary>An authenticated caller, as Kubernetes' user.Info describes one.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The group whose members every Kubernetes apiserver authorizes without asking.</summary>
    public const string SystemMasters = "system:masters";

    /// <summary>Whether the user belongs to system:masters.</summary>
    public bool IsSystemMaster => Groups.Contains(SystemMasters);
}
