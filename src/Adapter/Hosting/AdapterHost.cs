using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Api;
using Headroom.Adapter.Auth;
using Headroom.Adapter.Demo;
using Headroom.Adapter.Keda;
using Headroom.Adapter.Observability;
using Headroom.Adapter.OpenApi;
using Headroom.Adapter.Replicas;
using Headroom.Adapter.Snapshots;
using Headroom.Adapter.Tls;
using Headroom.Adapter.Ui;
using Headroom.Serving;
using Headroom.Serving.History;
using Headroom.Serving.Provider;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;
using k8s;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Prometheus;

namespace Headroom.Adapter.Hosting;

/// <summary>Everything the host needs that depends on the mode (demo or configured).</summary>
/// <param name="Workloads">The workloads to serve.</param>
/// <param name="Source">Where their readings come from.</param>
/// <param name="Signals">Pipeline settings.</param>
/// <param name="ServingCertificate">The certificate presented to clients.</param>
/// <param name="ClientCas">CAs that verify client certificates.</param>
/// <param name="TokenReviewApi">The API that checks bearer tokens; null refuses them.</param>
/// <param name="AccessReviewApi">The API that authorizes users other than system:masters; null refuses them.</param>
/// <param name="RequestHeaderCas">CAs that verify front-proxy certificates; null trusts no proxy headers.</param>
/// <param name="RequestHeader">Allowed proxy names and header names.</param>
/// <param name="KedaClientCas">CAs that verify KEDA's client certificate on the gRPC port; null asks for none.</param>
/// <param name="Clock">The clock the pipeline, the refits and staleness run on; null is the system clock (a test moves its own).</param>
/// <param name="DemoBrowser">The demo's token for browsers, exchanged for a cookie at the live page; null outside the demo.</param>
/// <param name="Replicas">How workloads are shared with other replicas; null observes every workload alone (the default).</param>
public sealed record HostPlan(
    IReadOnlyList<WorkloadSpec> Workloads,
    IWorkloadSource Source,
    SignalOptions Signals,
    ServingCertificate ServingCertificate,
    TrustedCertificates ClientCas,
    KubernetesClientConfiguration? TokenReviewApi = null,
    KubernetesClientConfiguration? AccessReviewApi = null,
    TrustedCertificates? RequestHeaderCas = null,
    RequestHeaderOptions? RequestHeader = null,
    TrustedCertificates? KedaClientCas = null,
    TimeProvider? Clock = null,
    DemoBrowserLogin? DemoBrowser = null,
    ReplicaPlan? Replicas = null);

/// <summary>Builds the ASP.NET Core application: Kestrel listeners, services, middleware and endpoints.</summary>
public static class AdapterHost
{
    /// <summary>Builds the application; call StartAsync or RunAsync on it. <paramref name="logging"/> adds to the console log.</summary>
    public static WebApplication Build(AdapterOptions options, HostPlan plan, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Per-request framework logs would dominate the log and the CPU at HPA polling rates.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Hosting starts an Activity and a log scope for every request while this category logs at any level; it only
        // logs request starts and ends, and ErrorMiddleware logs failures itself.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        var keda = new KedaListener();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ConfigureKestrel(kestrel, options, plan.ServingCertificate);
            keda.Listen(kestrel, options.EffectiveBindAddress, options.GrpcPort, plan.ServingCertificate, plan.KedaClientCas);
        });

        var services = builder.Services;
        services.AddSingleton(plan.Clock ?? TimeProvider.System);
        services.AddSingleton(plan.Signals);
        services.AddSingleton(plan.ServingCertificate);
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<SnapshotMetricsProvider>();
        services.AddSingleton<ICustomMetricsProvider>(sp => sp.GetRequiredService<SnapshotMetricsProvider>());
        services.AddSingleton<IExternalMetricsProvider>(sp => sp.GetRequiredService<SnapshotMetricsProvider>());
        services.AddSingleton<IWorkloadMetricsProvider>(sp => sp.GetRequiredService<SnapshotMetricsProvider>());
        services.AddSingleton<RenderedAnswers>();
        services.AddSingleton(SignalHistory.LastHour());
        services.AddHostedService<HistoryRecorder>();
        services.AddSingleton(keda);
        services.AddGrpc();
        services.AddAdapterAuth(options, plan);
        if (plan.DemoBrowser is { } demoBrowser) services.AddSingleton(demoBrowser);
        // One registry per adapter, so that every series on /metrics describes this adapter and no other in the process.
        var registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);
        services.AddSingleton(new HttpRequestMetrics(registry));
        services.AddSingleton(sp => new AdapterMetrics(registry, sp.GetRequiredService<SnapshotStore>(), sp.GetRequiredService<TimeProvider>()));
        // Made by a factory, so the container disposes the source (and the pod watches it holds) when the host stops.
        services.AddSingleton(_ => plan.Source);
        if (plan.Replicas is { } replicas) AddReplicas(services, plan, replicas);
        services.AddSingleton(sp => new SignalPipeline(plan.Workloads, sp.GetRequiredService<IWorkloadSource>(), plan.Signals,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SignalPipeline>>(), sp.GetService<WorkloadOwnership>()));
        services.AddHostedService<SnapshotRefresher>();
        services.AddSingleton(sp => new ForecastRefits(sp.GetRequiredService<SignalPipeline>(), sp.GetRequiredService<IWorkloadSource>(), plan.Signals,
            sp.GetRequiredService<ILogger<ForecastRefits>>()));
        services.AddHostedService(sp => new ForecastRefitter(sp.GetRequiredService<ForecastRefits>(), plan.Signals, sp.GetRequiredService<TimeProvider>()));
        services.AddRouting();

        var app = builder.Build();
        if (plan.KedaClientCas is null)
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<KedaListener>().LogWarning(
                "The KEDA port {Port} accepts clients without a certificate: anyone who can reach it reads every workload's signals. Give --keda-client-ca-file to require KEDA's",
                options.GrpcPort);
        // The metrics port is plain HTTP and serves only /metrics; every API path is HTTPS-only.
        app.MapWhen(ctx => !ctx.Request.IsHttps, metrics =>
        {
            metrics.UseMetricServer("/metrics", registry);
            metrics.Run(ctx => StatusResponses.WriteAsync(ctx, 404, "only /metrics is served on the metrics port"));
        });
        app.MapWhen(keda.Owns, grpc =>
        {
            grpc.UseRouting();
            grpc.UseEndpoints(endpoints => endpoints.MapGrpcService<ExternalScalerService>());
        });
        app.UseMiddleware<ErrorMiddleware>();
        app.UseRequestSizeLimits();
        // Every path is read-only, so any other method is refused before routing, as a Status.
        app.Use((ctx, next) => HttpMethods.IsGet(ctx.Request.Method)
            ? next(ctx)
            : StatusResponses.WriteAsync(ctx, 405, $"the server does not allow method {ctx.Request.Method} on the requested resource"));
        // Kestrel enforces the body limit only when a body is read, and no path reads one: refuse it up front.
        app.Use((ctx, next) => ctx.Request.ContentLength > options.MaxRequestBodyBytes
            ? StatusResponses.WriteAsync(ctx, 413, $"the request body is larger than --max-request-body-bytes ({options.MaxRequestBodyBytes})")
            : next(ctx));
        if (plan.Replicas is not null)
        {
            var coordinator = app.Services.GetRequiredService<ReplicaCoordinator>();
            var peerLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PeerEndpoint));
            var stopping = app.Lifetime.ApplicationStopping;
            app.MapWhen(PeerEndpoint.Owns, peer => peer.Run(ctx => PeerEndpoint.ServeAsync(ctx, coordinator, plan.ServingCertificate, peerLogger, stopping)));
        }
        app.UseRouting();
        var httpMetrics = app.Services.GetRequiredService<HttpRequestMetrics>();
        app.Use(httpMetrics.InvokeAsync);
        if (plan.DemoBrowser is { } browser) app.Use(browser.ExchangeAsync);
        app.UseMiddleware<AuthMiddleware>();
        app.UseExactPathMatch();
        app.MapHealth();
        var version = ServerVersion.Current;
        app.MapDiscovery(version);
        app.MapOpenApi(new OpenApiDocuments(version.GitVersion));
        app.MapMetricsApi();
        app.MapDebug();
        app.MapUi();
        app.MapKedaMetricsApi();
        // Any path, including one whose last segment has a dot (deployments.apps), which the default fallback skips as a file name.
        app.MapFallback("{**path}", ctx => StatusResponses.WriteAsync(ctx, 404, "the server could not find the requested resource"));
        return app;
    }

    // Leases, checkpoints and peers; the API client is the container's, so that it is disposed with the host.
    private static void AddReplicas(IServiceCollection services, HostPlan plan, ReplicaPlan replicas)
    {
        const string Api = "replicas";
        services.AddSingleton(replicas);
        services.AddKeyedSingleton<IKubernetes>(Api, (_, _) => new Kubernetes(replicas.Api));
        services.AddSingleton(sp => new CheckpointStore(sp.GetRequiredKeyedService<IKubernetes>(Api), replicas.Options,
            sp.GetRequiredService<ILogger<CheckpointStore>>()));
        services.AddSingleton(sp => new WorkloadOwnership(plan.Workloads, replicas.Options, sp.GetRequiredService<CheckpointStore>(),
            sp.GetRequiredService<ILogger<WorkloadOwnership>>()));
        services.AddSingleton(sp => new MemberLeases(sp.GetRequiredKeyedService<IKubernetes>(Api), replicas.Options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MemberLeases>>()));
        services.AddSingleton(_ => new PeerClient(PeerHttp.Create(plan.ServingCertificate)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ReplicaCoordinator>(sp, plan.Workloads));
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaCoordinator>());
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, AdapterOptions options, ServingCertificate certificate)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        RequestSizeLimits.Configure(kestrel.Limits);
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        kestrel.Listen(options.EffectiveBindAddress, options.SecurePort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            var https = new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => certificate.Current,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                // Certificates are optional at the handshake so that a missing or untrusted one gets a
                // 401 Status, not a TLS failure; AuthMiddleware verifies them against the client CAs.
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (_, _, _) => true,
            };
            ClientCertificatePolicy.Apply(https);
            listen.UseHttps(https);
        });
        kestrel.Listen(options.EffectiveBindAddress, options.MetricsPort);
    }
}
