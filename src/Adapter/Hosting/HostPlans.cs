using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Auth;
using Headroom.Adapter.Demo;
using Headroom.Adapter.Tls;
using Headroom.Signals.Configuration;
using Headroom.Signals.Discovery;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Demo;
using Headroom.Signals.Sources.Prometheus;
using Headroom.Signals.Sources.Scrape;
using Headroom.Signals.Workloads;
using k8s;

namespace Headroom.Adapter.Hosting;

/// <summary>Decides what the host serves: the demo fleet, or the workloads and sources of --config.</summary>
public static class HostPlans
{
    private static readonly TimeSpan CertificatePollInterval = TimeSpan.FromSeconds(10);

    /// <summary>The embedded fleet, served with the demo's own certificates.</summary>
    public static HostPlan Demo(AdapterOptions options, DemoCredentials credentials, ILoggerFactory loggers)
    {
        var fleet = new DemoFleet(DemoFleetOptions.Default(options.DemoSeed), TimeProvider.System);
        // The demo never reaches for a cluster by itself: it sends reviews only to APIs named explicitly.
        return new HostPlan(fleet.WorkloadSpecs, fleet, new SignalOptions(),
            ServingCertificate.Fixed(credentials.Server, loggers.CreateLogger<ServingCertificate>()),
            new X509Certificate2Collection(credentials.Authority),
            DelegatedApi.Resolve("--authentication-kubeconfig", options.AuthenticationKubeconfig, inCluster: false),
            DelegatedApi.Resolve("--authorization-kubeconfig", options.AuthorizationKubeconfig, inCluster: false),
            DemoBrowser: new DemoBrowserLogin(new UserInfo(DemoCredentials.UserName, [UserInfo.SystemMasters])));
    }

    /// <summary>The configured workloads.</summary>
    /// <exception cref="OptionsException">The config or a certificate file is invalid.</exception>
    public static async Task<HostPlan> FromConfigAsync(AdapterOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        HeadroomConfig config;
        try
        {
            config = ConfigLoader.LoadFile(options.ConfigFile!);
        }
        catch (ConfigException ex)
        {
            throw new OptionsException(ex.Problems.Select(p => $"--config {options.ConfigFile}: {p}").ToArray());
        }
        var source = Sources(config, DelegatedApi.Resolve("--lister-kubeconfig", options.ListerKubeconfig, options.InCluster), loggers);
        var tokenReview = DelegatedApi.Resolve("--authentication-kubeconfig", options.AuthenticationKubeconfig, options.InCluster);
        var caLogger = loggers.CreateLogger<TrustedCertificates>();
        var clientCas = ClientCas(options.ClientCaFile, "--client-ca-file", caLogger);
        var requestHeaderCas = ClientCas(options.RequestHeaderClientCaFile, "--requestheader-client-ca-file", caLogger);
        var requestHeader = new RequestHeaderOptions(options.RequestHeaderAllowedNames, options.RequestHeaderUsernameHeaders,
            options.RequestHeaderGroupHeaders, options.RequestHeaderExtraHeadersPrefix);
        // As Kubernetes apiservers do: what the flags leave unset comes from the cluster's published settings.
        if (tokenReview is not null && (clientCas is null || requestHeaderCas is null))
        {
            var cluster = await AuthenticationLookup.LoadAsync(new Kubernetes(tokenReview), cancellationToken);
            if (clientCas is null && cluster.ClientCas is not null) clientCas = cluster.ClientCas;
            if (requestHeaderCas is null && cluster.RequestHeaderCas is not null)
                (requestHeaderCas, requestHeader) = (cluster.RequestHeaderCas, cluster.RequestHeader);
        }
        return new HostPlan(config.Workloads, source, config.Signals,
            ServingCertificateFor(options, loggers), clientCas ?? new X509Certificate2Collection(),
            tokenReview,
            DelegatedApi.Resolve("--authorization-kubeconfig", options.AuthorizationKubeconfig, options.InCluster),
            requestHeaderCas, requestHeader,
            ClientCas(options.KedaClientCaFile, "--keda-client-ca-file", caLogger),
            Replicas: ReplicasFor(options));
    }

    private static Replicas.ReplicaPlan? ReplicasFor(AdapterOptions options)
    {
        if (options.Replicas() is not { } replicas) return null;
        var api = DelegatedApi.Resolve("--coordination-kubeconfig", options.CoordinationKubeconfig, options.InCluster)
            ?? throw new OptionsException(["--coordination-kubeconfig: required for --shard-workloads outside a cluster, to hold the member Leases and checkpoints"]);
        return new Replicas.ReplicaPlan(replicas, api, options.PeerAddress);
    }

    /// <summary>The sources the configured workloads read from; <paramref name="lister"/> is the API pods are listed from, if any.</summary>
    /// <exception cref="OptionsException">A workload needs an API to list pods and there is none.</exception>
    public static SourceRouter Sources(HeadroomConfig config, KubernetesClientConfiguration? lister, ILoggerFactory loggers)
    {
        var sources = new Dictionary<SourceKind, IWorkloadSource>();
        if (config.Workloads.Any(w => w.Source == SourceKind.Scrape))
        {
            if (lister is null)
                throw new OptionsException(["--lister-kubeconfig: required for source: scrape outside a cluster, to list the workload's pods"]);
            sources[SourceKind.Scrape] = new ScrapeSource(new Kubernetes(lister), ScrapeHttp.Create(),
                config.Scrape, config.Signals.Interval, TimeProvider.System, loggers.CreateLogger<ScrapeSource>());
        }
        if (config.Prometheus is { } prometheus)
        {
            var client = new PrometheusClient(new HttpClient(), prometheus, TimeProvider.System);
            var source = new PrometheusSource(client, prometheus, TimeProvider.System);
            if (lister is null)
            {
                sources[SourceKind.Prometheus] = source;
                loggers.CreateLogger<PrometheusSource>().LogWarning(
                    "No API to list pods (--lister-kubeconfig, or the in-cluster config in a pod): with source: prometheus, pods are inferred from series and cold start stays at each workload's coldStartPrior");
            }
            else
            {
                // Prometheus cannot list pods; the API can, and its pod timelines are what the cold-start model learns from.
                sources[SourceKind.Prometheus] = new ListedPodsSource(source,
                    new PodWatchers(new Kubernetes(lister), loggers.CreateLogger<PodWatchers>()), prometheus.Lookback, TimeProvider.System);
            }
        }
        return new SourceRouter(sources);
    }

    private static ServingCertificate ServingCertificateFor(AdapterOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<ServingCertificate>();
        if (options.TlsCertFile is null)
        {
            var names = new[] { "localhost", "127.0.0.1", "::1", Environment.MachineName };
            return ServingCertificate.Fixed(CertificateFactory.CreateServer(names, null, TimeSpan.FromDays(365)), logger);
        }
        try
        {
            return ServingCertificate.FromFiles(options.TlsCertFile, options.TlsPrivateKeyFile!, CertificatePollInterval, logger);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsException([$"--tls-cert-file: {ex.Message}"]);
        }
    }

    private static TrustedCertificates? ClientCas(string? file, string flag, ILogger logger)
    {
        if (file is null) return null;
        try
        {
            return TrustedCertificates.FromFile(file, CertificatePollInterval, logger);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsException([$"{flag} {ex.Message}"]);
        }
    }
}
