using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Demo;
using Headroom.Adapter.Tls;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Headroom.Adapter.Hosting;

/// <summary>A started adapter: its application and the addresses it actually listens on.</summary>
public sealed class RunningAdapter : IAsyncDisposable
{
    private RunningAdapter(WebApplication app, Uri secureUrl, Uri metricsUrl, string? kubeconfig)
    {
        App = app;
        SecureUrl = secureUrl;
        MetricsUrl = metricsUrl;
        KubeconfigPath = kubeconfig;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>Base HTTPS address of the metrics APIs.</summary>
    public Uri SecureUrl { get; }

    /// <summary>Base plain-HTTP address of /metrics.</summary>
    public Uri MetricsUrl { get; }

    /// <summary>The demo kubeconfig, when running the demo.</summary>
    public string? KubeconfigPath { get; }

    /// <summary>Validates the options, builds and starts the adapter.</summary>
    /// <exception cref="OptionsException">The options are invalid.</exception>
    public static async Task<RunningAdapter> StartAsync(AdapterOptions options, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new OptionsException(problems);
        if (!options.Demo)
        {
            throw new OptionsException(["only --demo can run in this build: the Prometheus and scrape sources that --config names are not built yet"]);
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var credentials = DemoCredentials.Create();
        var fleet = new DemoFleet(DemoFleetOptions.Default(options.DemoSeed), TimeProvider.System);
        // The demo never reaches for a cluster by itself: it sends reviews only to APIs named explicitly.
        var inCluster = !options.Demo && options.InCluster;
        var plan = new HostPlan(fleet.WorkloadSpecs, fleet, new SignalOptions(),
            ServingCertificate.Fixed(credentials.Server, loggers.CreateLogger<ServingCertificate>()),
            new X509Certificate2Collection(credentials.Authority),
            DelegatedApi.Resolve("--authentication-kubeconfig", options.AuthenticationKubeconfig, inCluster),
            DelegatedApi.Resolve("--authorization-kubeconfig", options.AuthorizationKubeconfig, inCluster));

        var app = AdapterHost.Build(options, plan);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).ToArray();
        var secure = Loopback(addresses.First(a => a.Scheme == Uri.UriSchemeHttps));
        var metrics = Loopback(addresses.First(a => a.Scheme == Uri.UriSchemeHttp));
        credentials.WriteKubeconfig(options.DemoKubeconfig, secure.ToString().TrimEnd('/'));
        return new RunningAdapter(app, secure, metrics, Path.GetFullPath(options.DemoKubeconfig));
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
