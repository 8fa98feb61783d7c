using Headroom.Adapter.Auth;

namespace Headroom.Adapter.Tests.Auth;

/// <summary>--authorization-always-allow-paths matching, as Kubernetes' path authorizer does it.</summary>
public sealed class AuthOptionsTests
{
    private static readonly AuthOptions Options = new(["/healthz", "/debug/*"], TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData("/healthz", true)]
    [InlineData("/healthz/ping", false)]
    [InlineData("/healthzz", false)]
    [InlineData("/health", false)]
    [InlineData("/debug/", true)]
    [InlineData("/debug/pprof/heap", true)]
    [InlineData("/debug", false)]
    [InlineData("/apis/external.metrics.k8s.io/v1beta1", false)]
    public void Paths_match_exactly_and_a_trailing_star_is_a_prefix(string path, bool allowed) =>
        Assert.Equal(allowed, Options.IsAlwaysAllowed(path));

    [Fact]
    public void Default_paths_are_the_probes() =>
        Assert.Equal(["/healthz", "/readyz", "/livez"], AuthOptions.DefaultAlwaysAllowPaths);
}
