using Headroom.Adapter.Api;
using Headroom.Adapter.Demo;
using Microsoft.AspNetCore.Http.Features;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Authenticates every request, by front-proxy headers (when a requestheader CA is configured), then by
/// client certificate, then by bearer token (when TokenReview is configured), then, in the demo only, by the demo's
/// browser cookie, and authorizes it, except the always-allowed health paths that kubelet probes without
/// credentials. There is no anonymous access to anything else.
/// </summary>
public sealed class AuthMiddleware(
    RequestDelegate next,
    ClientCertificateAuthenticator certificates,
    IRequestAuthorizer authorizer,
    AuthOptions options,
    RequestHeaderAuthenticator frontProxy,
    ILogger<AuthMiddleware> logger,
    TokenReviewAuthenticator? tokens = null,
    DemoBrowserLogin? demoBrowser = null)
{
    /// <summary>Runs the checks, then the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (options.IsAlwaysAllowed(path))
        {
            await next(context);
            return;
        }

        var certificate = context.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        var user = frontProxy.Authenticate(certificate, context.Request.Headers);
        if (user is null && frontProxy.IsDisallowedProxy(certificate))
            logger.LogWarning("Front-proxy certificate for {Path} has a common name outside --requestheader-allowed-names; its headers were ignored", path);
        if (user is null && certificate is not null) user = certificates.Authenticate(certificate);
        var token = BearerToken.FromRequest(context);
        if (user is null && token is not null && tokens is not null)
        {
            var review = tokens.AuthenticateAsync(token, context.RequestAborted);
            if (!await WithinRequestTimeoutAsync(review, context)) return;
            user = await review;
        }
        if (user is null && demoBrowser is not null) user = demoBrowser.Authenticate(context.Request);
        // As Kubernetes does, so that nothing downstream can see or leak the credential.
        context.Request.Headers.Authorization = default;
        if (demoBrowser is not null) context.Request.Headers.Cookie = default;
        if (user is null)
        {
            logger.LogInformation("Unauthenticated request for {Path} refused (client certificate {Certificate}, bearer token {Token})",
                path, certificate is null ? "absent" : "not trusted",
                token is null ? "absent" : tokens is null ? "not accepted: token review is not configured" : "not authenticated");
            await StatusResponses.WriteAsync(context, 401, "Unauthorized");
            return;
        }

        user = user.WithAuthenticatedGroup();
        var attributes = RequestAttributesParser.FromPath(path);
        var decision = authorizer.DenyReasonAsync(user, attributes, context.RequestAborted);
        if (!decision.IsCompleted)
        {
            var pending = decision.AsTask();
            if (!await WithinRequestTimeoutAsync(pending, context)) return;
            decision = new ValueTask<string?>(pending);
        }
        if (await decision is { } reason)
        {
            logger.LogInformation("Request by {User} for {Path} forbidden", user.Name, path);
            await StatusResponses.WriteAsync(context, 403, reason);
            return;
        }
        await next(context);
    }

    // Reviews are the only waits on the request path, so the request timeout is enforced here, and only when a
    // review is really outstanding: a remembered verdict costs no timer. Answers 504 when the review is too slow.
    private async ValueTask<bool> WithinRequestTimeoutAsync(Task review, HttpContext context)
    {
        if (review.IsCompleted) return true;
        try
        {
            await review.WaitAsync(options.RequestTimeout, context.RequestAborted);
            return true;
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Request for {Path} timed out after {Timeout} waiting on a review", context.Request.Path.Value, options.RequestTimeout);
            await StatusResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                $"request did not complete within the allotted timeout of {options.RequestTimeout.TotalSeconds:0.###}s");
            return false;
        }
    }
}

/// <summary>Which paths skip authentication and authorization, and how long a request may wait on a review.</summary>
public sealed record AuthOptions(IReadOnlyList<string> AlwaysAllowPaths, TimeSpan RequestTimeout)
{
    /// <summary>Kubernetes' default for --authorization-always-allow-paths.</summary>
    public static IReadOnlyList<string> DefaultAlwaysAllowPaths { get; } = ["/healthz", "/readyz", "/livez"];

    /// <summary>Whether the path is allowed without credentials: an exact match, or a prefix match for a configured path ending in <c>*</c>, as in Kubernetes.</summary>
    public bool IsAlwaysAllowed(string path)
    {
        // A loop rather than LINQ: this runs on every request, and a lambda capturing the path allocates each time.
        foreach (var p in AlwaysAllowPaths)
        {
            var allowed = p.EndsWith('*') ? path.AsSpan().StartsWith(p.AsSpan(0, p.Length - 1), StringComparison.Ordinal) : path == p;
            if (allowed) return true;
        }
        return false;
    }
}
