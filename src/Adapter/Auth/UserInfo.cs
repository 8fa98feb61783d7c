namespace Headroom.Adapter.Auth;

/// <summary>An authenticated caller, as Kubernetes' user.Info describes one.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The user's unique ID, where the authenticator knows one (TokenReview); passed on to SubjectAccessReview.</summary>
    public string? Uid { get; init; }

    /// <summary>Extra attributes (from X-Remote-Extra-* headers or a TokenReview), passed on to SubjectAccessReview.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The group whose members every Kubernetes apiserver authorizes without asking.</summary>
    public const string SystemMasters = "system:masters";

    /// <summary>The group Kubernetes apiservers add to every authenticated user; RBAC's discovery roles are bound to it.</summary>
    public const string SystemAuthenticated = "system:authenticated";

    /// <summary>Whether the user belongs to system:masters.</summary>
    public bool IsSystemMaster => Groups.Contains(SystemMasters);

    /// <summary>The user with system:authenticated among its groups.</summary>
    public UserInfo WithAuthenticatedGroup() =>
        Groups.Contains(SystemAuthenticated) ? this : this with { Groups = [.. Groups, SystemAuthenticated] };
}
