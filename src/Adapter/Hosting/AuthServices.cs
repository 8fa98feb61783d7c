using Headroom.Adapter.Auth;
using k8s;

namespace Headroom.Adapter.Hosting;

/// <summary>Registers the authenticators and authorizers that the plan and options call for.</summary>
public static class AuthServices
{
    /// <summary>Client certificates always; TokenReview and SubjectAccessReview when the plan names their API.</summary>
    public static IServiceCollection AddAdapterAuth(this IServiceCollection services, AdapterOptions options, HostPlan plan)
    {
        services.AddSingleton(new AuthOptions(options.AlwaysAllowPaths, options.RequestTimeout));
        services.AddSingleton(sp => new ClientCertificateAuthenticator(plan.ClientCas, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RequestHeaderAuthenticator(
            plan.RequestHeaderCas is { } proxyCas ? new ClientCertificateAuthenticator(proxyCas, sp.GetRequiredService<TimeProvider>()) : null,
            plan.RequestHeader ?? RequestHeaderOptions.Default));
        if (plan.TokenReviewApi is { } authentication)
        {
            services.AddSingleton(sp => new TokenReviewAuthenticator(new Kubernetes(authentication),
                options.AuthenticationTokenWebhookCacheTtl, TokenReviewAuthenticator.DefaultTimeout,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TokenReviewAuthenticator>>()));
        }
        if (plan.AccessReviewApi is { } authorization)
        {
            services.AddSingleton(sp => new SubjectAccessReviewAuthorizer(new Kubernetes(authorization),
                options.AuthorizationWebhookCacheAuthorizedTtl, options.AuthorizationWebhookCacheUnauthorizedTtl,
                SubjectAccessReviewAuthorizer.DefaultTimeout,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SubjectAccessReviewAuthorizer>>()));
        }
        services.AddSingleton<IRequestAuthorizer>(sp => new SystemMastersAuthorizer(sp.GetService<SubjectAccessReviewAuthorizer>()));
        return services;
    }
}
