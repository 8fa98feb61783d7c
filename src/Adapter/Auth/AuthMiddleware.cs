using Headroom.Adapter.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Authenticates every request by client certificate and authorizes it, except the always-allowed health
/// paths that kubelet probes without credentials. There is no anonymous access to anything else.
/// </summary>
public sealed class AuthMiddleware(
    RequestDelegate next,
    ClientCertificateAuthenticator authenticator,
    IRequestAuthorizer authorizer,
    AuthOptions options,
    ILogger<AuthMiddleware> logger)
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
        var user = certificate is null ? null : authenticator.Authenticate(certificate);
        if (user is null)
        {
            logger.LogInformation("Unauthenticated request for {Path} refused (client certificate {Presence})",
                path, certificate is null ? "absent" : "not trusted");
            await StatusResponses.WriteAsync(context, 401, "Unauthorized");
            return;
        }

        var attributes = RequestAttributesParser.FromPath(path);
        if (await authorizer.DenyReasonAsync(user, attributes, context.RequestAborted) is { } reason)
        {
            logger.LogInformation("Request by {User} for {Path} forbidden", user.Name, path);
            await StatusResponses.WriteAsync(context, 403, reason);
            return;
        }
        context.Items[typeof(UserInfo)] = user;
        await next(context);
    }
}

/// <summary>Which paths skip authentication and authorization.</summary>
public sealed record AuthOptions(IReadOnlyList<string> AlwaysAllowPaths)
{
    /// <summary>Kubernetes' default for --authorization-always-allow-paths.</summary>
    public static IReadOnlyList<string> DefaultAlwaysAllowPaths { get; } = ["/healthz", "/readyz", "/livez"];

    /// <summary>Whether the path is allowed without credentials; a trailing <c>*</c> in a configured path is a prefix match.</summary>
    public bool IsAlwaysAllowed(string path) => AlwaysAllowPaths.Any(p =>
        p.EndsWith('*') ? path.StartsWith(p[..^1], StringComparison.Ordinal) : path == p || path.StartsWith(p + "/", StringComparison.Ordinal));
}
