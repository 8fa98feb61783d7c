using Headroom.Adapter.Hosting;

namespace Headroom.Adapter.Tests.Hosting;

public sealed class DelegatedAuthOptionsTests
{
    // KEDA port authentication is its own requirement (KedaPortAuthTests); these tests are about the API port.
    private static AdapterOptions Configured(string config) => new() { ConfigFile = config, InCluster = false, KedaAllowUnauthenticated = true };

    [Fact]
    public void Outside_the_demo_some_authentication_is_required_and_the_message_names_the_flags()
    {
        using var config = new TempFile();

        var problem = Assert.Single(Configured(config.Path).Validate());

        Assert.Contains("--client-ca-file", problem);
        Assert.Contains("--authentication-kubeconfig", problem);
    }

    [Fact]
    public void Token_review_by_kubeconfig_or_in_cluster_config_is_enough_authentication()
    {
        using var config = new TempFile();
        using var kubeconfig = new TempFile();

        Assert.Empty((Configured(config.Path) with { AuthenticationKubeconfig = kubeconfig.Path }).Validate());
        Assert.Empty((Configured(config.Path) with { InCluster = true }).Validate());
    }

    [Fact]
    public void Review_kubeconfigs_must_exist_and_ttls_must_not_be_negative()
    {
        var problems = new AdapterOptions
        {
            Demo = true,
            AuthenticationKubeconfig = "/no/such/authn.kubeconfig",
            AuthorizationKubeconfig = "/no/such/authz.kubeconfig",
            AuthenticationTokenWebhookCacheTtl = TimeSpan.FromSeconds(-1),
        }.Validate();

        Assert.Contains(problems, p => p.StartsWith("--authentication-kubeconfig /no/such/authn.kubeconfig"));
        Assert.Contains(problems, p => p.StartsWith("--authorization-kubeconfig /no/such/authz.kubeconfig"));
        Assert.Contains(problems, p => p.StartsWith("--authentication-token-webhook-cache-ttl"));
    }

    [Fact]
    public void Demo_needs_no_review_flags()
    {
        Assert.Empty(new AdapterOptions { Demo = true, InCluster = false }.Validate());
    }

    [Fact]
    public async Task Flags_reach_the_options()
    {
        AdapterOptions? seen = null;
        var command = AdapterCommandLine.Build((o, _) =>
        {
            seen = o;
            return Task.FromResult(0);
        });

        var exit = await command.Parse([
            "--demo", "--authentication-kubeconfig=/a", "--authorization-kubeconfig", "/b",
            "--authentication-token-webhook-cache-ttl=1m30s", "--authorization-webhook-cache-authorized-ttl=0",
            "--authorization-webhook-cache-unauthorized-ttl=250ms",
        ]).InvokeAsync();

        Assert.Equal(0, exit);
        Assert.Equal("/a", seen!.AuthenticationKubeconfig);
        Assert.Equal("/b", seen.AuthorizationKubeconfig);
        Assert.Equal(TimeSpan.FromSeconds(90), seen.AuthenticationTokenWebhookCacheTtl);
        Assert.Equal(TimeSpan.Zero, seen.AuthorizationWebhookCacheAuthorizedTtl);
        Assert.Equal(TimeSpan.FromMilliseconds(250), seen.AuthorizationWebhookCacheUnauthorizedTtl);
    }

    [Fact]
    public async Task Review_cache_ttls_default_to_kubernetes_ten_seconds_and_reject_non_durations()
    {
        AdapterOptions? seen = null;
        var command = AdapterCommandLine.Build((o, _) =>
        {
            seen = o;
            return Task.FromResult(0);
        });

        Assert.Equal(0, await command.Parse(["--demo"]).InvokeAsync());
        Assert.Equal(TimeSpan.FromSeconds(10), seen!.AuthenticationTokenWebhookCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(10), seen.AuthorizationWebhookCacheAuthorizedTtl);
        Assert.Equal(TimeSpan.FromSeconds(10), seen.AuthorizationWebhookCacheUnauthorizedTtl);

        seen = null;
        Assert.Equal(2, await command.Parse(["--demo", "--authorization-webhook-cache-authorized-ttl=10"]).InvokeAsync());
        Assert.Null(seen);
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}
