using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Asks the Kubernetes API whether a user may make a request, with a SubjectAccessReview, as a delegating
/// apiserver does. Allowed and denied verdicts are cached for their own times, keyed by the whole review spec;
/// a failed review refuses the request and is not cached.
/// </summary>
public sealed class SubjectAccessReviewAuthorizer : IRequestAuthorizer, IDisposable
{
    /// <summary>Kubernetes' default for --authorization-webhook-cache-authorized-ttl and --authorization-webhook-cache-unauthorized-ttl.</summary>
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromSeconds(10);

    /// <summary>How long one review may take before the request is refused.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _api;
    private readonly ReviewCache<Verdict> _cache;
    private readonly TimeSpan _timeout;
    private readonly ILogger<SubjectAccessReviewAuthorizer> _logger;

    /// <summary>Takes ownership of the API client.</summary>
    public SubjectAccessReviewAuthorizer(IKubernetes api, TimeSpan authorizedTtl, TimeSpan unauthorizedTtl, TimeSpan timeout,
        TimeProvider time, ILogger<SubjectAccessReviewAuthorizer> logger)
    {
        _api = api;
        _timeout = timeout;
        _logger = logger;
        _cache = new ReviewCache<Verdict>(time, v => v.Allowed ? authorizedTtl : unauthorizedTtl, timeout);
    }

    /// <inheritdoc />
    public async ValueTask<string?> DenyReasonAsync(UserInfo user, RequestAttributes request, CancellationToken cancellationToken)
    {
        Verdict verdict;
        try
        {
            verdict = await _cache.GetAsync(CacheKey(user, request), ct => ReviewAsync(Spec(user, request), ct), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = ReviewFailure.Describe(ex, _timeout);
            _logger.LogWarning("SubjectAccessReview for {User} failed, request refused: {Failure}", user.Name, failure);
            return $"authorization check failed: {failure}";
        }
        if (verdict.Allowed) return null;
        var forbidden = request.Forbidden(user);
        return string.IsNullOrEmpty(verdict.Reason) ? forbidden : $"{forbidden}: {verdict.Reason}";
    }

    /// <summary>The review spec for a request; groups are sorted so that their order does not split the cache.</summary>
    public static V1SubjectAccessReviewSpec Spec(UserInfo user, RequestAttributes request) => new()
    {
        User = user.Name,
        Uid = user.Uid,
        Groups = user.Groups.Order(StringComparer.Ordinal).ToList(),
        Extra = user.Extra.Count == 0 ? null : user.Extra.OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => (IList<string>)e.Value.ToList()),
        ResourceAttributes = request.IsResourceRequest
            ? new V1ResourceAttributes
            {
                Group = request.Group,
                Version = request.Version,
                Resource = request.Resource,
                Subresource = request.Subresource,
                Name = request.Name,
                NamespaceProperty = request.Namespace,
                Verb = request.Verb,
            }
            : null,
        NonResourceAttributes = request.IsResourceRequest ? null : new V1NonResourceAttributes { Path = request.Path, Verb = request.Verb },
    };

    /// <summary>
    /// Names everything the review spec holds, with each field length-prefixed so that no two specs share a key.
    /// Built by hand, not by serializing the spec: it runs on every request that is not system:masters, and the
    /// JSON serializer costs about four times as much (bench AccessReviewKeyBenchmarks).
    /// </summary>
    public static string CacheKey(UserInfo user, RequestAttributes request)
    {
        var key = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[512]);
        Field(ref key, user.Name);
        Field(ref key, user.Uid);
        Strings(ref key, user.Groups);
        key.AppendFormatted(user.Extra.Count);
        key.AppendLiteral("|");
        if (user.Extra.Count > 0)
        {
            foreach (var (name, values) in user.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                Field(ref key, name);
                Strings(ref key, values);
            }
        }
        Field(ref key, request.Verb);
        if (request.IsResourceRequest)
        {
            key.AppendLiteral("R|");
            Field(ref key, request.Group);
            Field(ref key, request.Version);
            Field(ref key, request.Namespace);
            Field(ref key, request.Resource);
            Field(ref key, request.Subresource);
            Field(ref key, request.Name);
        }
        else
        {
            key.AppendLiteral("N|");
            Field(ref key, request.Path);
        }
        return key.ToStringAndClear();
    }

    private static void Field(ref DefaultInterpolatedStringHandler key, string? value)
    {
        if (value is null)
        {
            key.AppendLiteral("-|");
            return;
        }
        key.AppendFormatted(value.Length);
        key.AppendLiteral(":");
        key.AppendLiteral(value);
        key.AppendLiteral("|");
    }

    // Groups are a set to the authorizer, so their order must not split the cache.
    private static void Strings(ref DefaultInterpolatedStringHandler key, IReadOnlyList<string> values)
    {
        key.AppendFormatted(values.Count);
        key.AppendLiteral("|");
        var sorted = ArrayPool<string>.Shared.Rent(values.Count);
        for (var i = 0; i < values.Count; i++) sorted[i] = values[i];
        Array.Sort(sorted, 0, values.Count, StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++) Field(ref key, sorted[i]);
        ArrayPool<string>.Shared.Return(sorted, clearArray: true);
    }

    private async Task<Verdict> ReviewAsync(V1SubjectAccessReviewSpec spec, CancellationToken cancellationToken)
    {
        var review = new V1SubjectAccessReview { ApiVersion = "authorization.k8s.io/v1", Kind = "SubjectAccessReview", Spec = spec };
        var status = (await _api.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancellationToken)).Status;
        if (status?.EvaluationError is { Length: > 0 } error)
        {
            _logger.LogInformation("SubjectAccessReview for {User} reported an evaluation error: {Error}", spec.User, error);
        }
        return new Verdict(status?.Allowed == true && status.Denied != true, status?.Reason);
    }

    /// <inheritdoc />
    public void Dispose() => _api.Dispose();

    private sealed record Verdict(bool Allowed, string? Reason);
}
