namespace Headroom.Adapter.Auth;

/// <summary>Decides whether an authenticated user may make a request.</summary>
public interface IRequestAuthorizer
{
    /// <summary>Null when allowed; otherwise the reason it is not.</summary>
    ValueTask<string?> DenyReasonAsync(UserInfo user, RequestAttributes request, CancellationToken cancellationToken);
}

/// <summary>
/// Allows system:masters, as every Kubernetes apiserver does, and refuses everyone else until a
/// delegated authorizer (SubjectAccessReview) is configured.
/// </summary>
public sealed class SystemMastersAuthorizer : IRequestAuthorizer
{
    /// <inheritdoc />
    public ValueTask<string?> DenyReasonAsync(UserInfo user, RequestAttributes request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(user.IsSystemMaster
            ? null
            : $"user \"{user.Name}\" cannot {request.Verb} {Describe(request)}: only {UserInfo.SystemMasters} is authorized without a delegated authorizer");

    private static string Describe(RequestAttributes r) => r.IsResourceRequest
        ? $"resource \"{r.Resource}\" in API group \"{r.Group}\"" + (r.Namespace is null ? "" : $" in the namespace \"{r.Namespace}\"")
        : $"path \"{r.Path}\"";
}
