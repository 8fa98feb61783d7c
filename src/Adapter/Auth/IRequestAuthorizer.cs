namespace Headroom.Adapter.Auth;

/// <summary>Decides whether an authenticated user may make a request.</summary>
public interface IRequestAuthorizer
{
    /// <summary>Null when allowed; otherwise the reason it is not.</summary>
    ValueTask<string?> DenyReasonAsync(UserInfo user, RequestAttributes request, CancellationToken cancellationToken);
}

/// <summary>
/// Allows system:masters without asking, as every Kubernetes apiserver does, and hands everyone else to the
/// delegated authorizer (SubjectAccessReview); without one, everyone else is refused.
/// </summary>
public sealed class SystemMastersAuthorizer(IRequestAuthorizer? delegated = null) : IRequestAuthorizer
{
    /// <inheritdoc />
    public ValueTask<string?> DenyReasonAsync(UserInfo user, RequestAttributes request, CancellationToken cancellationToken)
    {
        if (user.IsSystemMaster) return ValueTask.FromResult<string?>(null);
        if (delegated is not null) return delegated.DenyReasonAsync(user, request, cancellationToken);
        return ValueTask.FromResult<string?>(
            $"{request.Forbidden(user)}: only {UserInfo.SystemMasters} is authorized without a delegated authorizer");
    }
}
