using Headroom.Adapter.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Headroom.Adapter.Hosting;

/// <summary>A started adapter: its application and the addresses it actually listens on.</summary>
public sealed class RunningAdapter : IAsyncDisposable
{
    private RunningAdapter(WebApplication app, Uri secureUrl, Uri metricsUrl, string? kubeconfig)
    {
        App = app;
        GrpcUrl = new UriBuilder(secureUrl) { Port = app.Services.GetRequiredService<Keda.KedaListener>().Port }.Uri;
        SecureUrl = secureUrl;
        MetricsUrl = metricsUrl;
        KubeconfigPath = kubeconfig;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>Base HTTPS address of the metrics APIs.</summary>
    public Uri SecureUrl { get; }

    /// <summary>Address of the KEDA external scaler (gRPC over TLS).</summary>
    public Uri GrpcUrl { get; }

    /// <summary>Base plain-HTTP address of /metrics.</summary>
    public Uri MetricsUrl { get; }

    /// <summary>The demo kubeconfig, when running the demo.</summary>
    public string? KubeconfigPath { get; }

    /// <summary>The live page's address with the demo's browser token, when running the demo.</summary>
    public Uri? DemoPageUrl => App.Services.GetService<DemoBrowserLogin>()?.PageUrl(SecureUrl);

    /// <summary>Validates the options, builds and starts the adapter; <paramref name="logging"/> adds log providers or filters.</summary>
    /// <exception cref="OptionsException">The options are invalid.</exception>
    public static async Task<RunningAdapter> StartAsync(AdapterOptions options, CancellationToken cancellationToken = default, Action<ILoggingBuilder>? logging = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new OptionsException(problems);
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        if (options.Demo && PrivateFile.PrepareDirectory(options.DemoKubeconfig) is { } unsafeDirectory)
            throw new OptionsException([$"--demo-kubeconfig {options.DemoKubeconfig}: {unsafeDirectory}"]);
        var credentials = options.Demo ? DemoCredentials.Create() : null;
        var plan = credentials is null ? await HostPlans.FromConfigAsync(options, loggers, cancellationToken) : HostPlans.Demo(options, credentials, loggers);
        var adapter = await StartAsync(options, plan, cancellationToken, logging);
        if (credentials is null) return adapter;
        credentials.WriteKubeconfig(options.DemoKubeconfig, adapter.SecureUrl.ToString().TrimEnd('/'));
        return new RunningAdapter(adapter.App, adapter.SecureUrl, adapter.MetricsUrl, Path.GetFullPath(options.DemoKubeconfig));
    }

    /// <summary>Builds and starts the adapter on a plan made elsewhere, such as a test's own source.</summary>
    public static async Task<RunningAdapter> StartAsync(AdapterOptions options, HostPlan plan, CancellationToken cancellationToken = default, Action<ILoggingBuilder>? logging = null)
    {
        var app = AdapterHost.Build(options, plan, logging);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).ToArray();
        var grpcPort = app.Services.GetRequiredService<Keda.KedaListener>().Port;
        var secure = Loopback(addresses.First(a => a.Scheme == Uri.UriSchemeHttps && a.Port != grpcPort));
        var metrics = Loopback(addresses.First(a => a.Scheme == Uri.UriSchemeHttp));
        return new RunningAdapter(app, secure, metrics, null);
    }

    // Kestrel reports wildcard binds as 0.0.0.0 or [::]; clients reach those on loopback.
    private static Uri Loopback(Uri address) =>
        address.Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(address) { Host = "127.0.0.1" }.Uri : address;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Invalid adapter options; each problem names its flag.</summary>
public sealed class OptionsException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
