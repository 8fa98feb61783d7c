using k8s;
using k8s.Models;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Authenticates bearer tokens by asking the Kubernetes API with a TokenReview, as a delegating apiserver does.
/// Verdicts are cached under the token's SHA-256, both ways, so that neither a good nor a bad token costs a
/// review per request; a failed review is not cached and refuses only the requests that waited for it.
/// </summary>
public sealed class TokenReviewAuthenticator : IDisposable
{
    /// <summary>Kubernetes' default for --authentication-token-webhook-cache-ttl.</summary>
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromSeconds(10);

    /// <summary>How long one review may take before the request is refused.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _api;
    private readonly ReviewCache<Verdict> _cache;
    private readonly TimeSpan _timeout;
    private readonly ILogger<TokenReviewAuthenticator> _logger;

    /// <summary>Takes ownership of the API client.</summary>
    public TokenReviewAuthenticator(IKubernetes api, TimeSpan cacheTtl, TimeSpan timeout, TimeProvider time, ILogger<TokenReviewAuthenticator> logger)
    {
        _api = api;
        _timeout = timeout;
        _logger = logger;
        _cache = new ReviewCache<Verdict>(time, _ => cacheTtl, timeout);
    }

    /// <summary>The user the token belongs to, or null when the API rejects it or cannot be asked.</summary>
    public async Task<UserInfo?> AuthenticateAsync(BearerToken token, CancellationToken cancellationToken)
    {
        try
        {
            var verdict = await _cache.GetAsync(token.Fingerprint, ct => ReviewAsync(token.Token, ct), cancellationToken);
            return verdict.User;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("TokenReview failed, request refused: {Failure}", ReviewFailure.Describe(ex, _timeout));
            return null;
        }
    }

    private async Task<Verdict> ReviewAsync(string token, CancellationToken cancellationToken)
    {
        var review = new V1TokenReview
        {
            ApiVersion = "authentication.k8s.io/v1",
            Kind = "TokenReview",
            Spec = new V1TokenReviewSpec { Token = token },
        };
        var status = (await _api.AuthenticationV1.CreateTokenReviewAsync(review, cancellationToken: cancellationToken)).Status;
        if (status is not { Authenticated: true, User.Username: { Length: > 0 } name })
        {
            _logger.LogDebug("TokenReview did not authenticate the token: {Error}", status?.Error ?? "(no error given)");
            return new Verdict(null);
        }
        // Authorizers may decide by UID and extra (a service account's node or pod binding, an OIDC claim), so the
        // review's answer travels whole into the SubjectAccessReview.
        return new Verdict(new UserInfo(name, status.User.Groups?.ToArray() ?? [])
        {
            Uid = string.IsNullOrEmpty(status.User.Uid) ? null : status.User.Uid,
            Extra = status.User.Extra?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value.ToArray(), StringComparer.Ordinal)
                ?? new Dictionary<string, IReadOnlyList<string>>(),
        });
    }

    /// <inheritdoc />
    public void Dispose() => _api.Dispose();

    private sealed record Verdict(UserInfo? User);
}
