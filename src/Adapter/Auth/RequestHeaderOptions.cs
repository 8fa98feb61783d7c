namespace Headroom.Adapter.Auth;

/// <summary>
/// How the front proxy (the kube-apiserver's aggregator) names the real caller: the --requestheader-* flags,
/// or the same keys of kube-system/extension-apiserver-authentication.
/// </summary>
/// <param name="AllowedNames">Common names a proxy certificate may have; empty allows any the CA signed.</param>
/// <param name="UsernameHeaders">Headers that carry the user name, first non-empty wins.</param>
/// <param name="GroupHeaders">Headers that carry groups, every value counted.</param>
/// <param name="ExtraHeaderPrefixes">Prefixes of headers that carry extra attributes.</param>
public sealed record RequestHeaderOptions(
    IReadOnlyList<string> AllowedNames,
    IReadOnlyList<string> UsernameHeaders,
    IReadOnlyList<string> GroupHeaders,
    IReadOnlyList<string> ExtraHeaderPrefixes)
{
    /// <summary>Kubernetes' defaults for the header names.</summary>
    public static RequestHeaderOptions Default { get; } = new([], ["X-Remote-User"], ["X-Remote-Group"], ["X-Remote-Extra-"]);
}
