using System.CommandLine;
using System.Net;
using Headroom.Signals.Configuration;

namespace Headroom.Adapter.Hosting;

/// <summary>The adapter's flags, spelled as Kubernetes apiservers spell theirs (<c>--secure-port=6443</c> or <c>--secure-port 6443</c>).</summary>
public static class AdapterCommandLine
{
    private static readonly Option<int> SecurePort = new("--secure-port") { Description = "HTTPS port of the metrics APIs (0 picks a free port).", DefaultValueFactory = _ => 6443 };
    private static readonly Option<string?> BindAddress = new("--bind-address") { Description = "Address to listen on (default: all interfaces; loopback with --demo)." };
    private static readonly Option<string?> TlsCertFile = new("--tls-cert-file") { Description = "PEM serving certificate; reloaded when it changes. Without it a self-signed one is generated." };
    private static readonly Option<string?> TlsKeyFile = new("--tls-private-key-file") { Description = "PEM private key of --tls-cert-file." };
    private static readonly Option<string?> ClientCaFile = new("--client-ca-file") { Description = "CA bundle that verifies client certificates." };
    private static readonly Option<string?> AuthnKubeconfig = new("--authentication-kubeconfig") { Description = "Kubeconfig of the API that checks bearer tokens by TokenReview (default: the in-cluster config in a pod; --demo accepts tokens only with this flag)." };
    private static readonly Option<string?> RequestHeaderCa = new("--requestheader-client-ca-file") { Description = "CA bundle that verifies the front proxy (the aggregator); only then are X-Remote-* headers trusted. Default in a cluster: kube-system/extension-apiserver-authentication." };
    private static readonly Option<string> RequestHeaderAllowedNames = new("--requestheader-allowed-names") { Description = "Comma-separated common names allowed for front-proxy certificates; empty allows any the CA signed.", DefaultValueFactory = _ => "" };
    private static readonly Option<string> RequestHeaderUsernameHeaders = new("--requestheader-username-headers") { Description = "Comma-separated headers that carry the user name.", DefaultValueFactory = _ => "X-Remote-User" };
    private static readonly Option<string> RequestHeaderGroupHeaders = new("--requestheader-group-headers") { Description = "Comma-separated headers that carry groups.", DefaultValueFactory = _ => "X-Remote-Group" };
    private static readonly Option<string> RequestHeaderExtraPrefix = new("--requestheader-extra-headers-prefix") { Description = "Comma-separated prefixes of headers that carry extra attributes.", DefaultValueFactory = _ => "X-Remote-Extra-" };
    private static readonly Option<string?> ListerKubeconfig = new("--lister-kubeconfig") { Description = "Kubeconfig of the API that workload pods are listed and watched from: the pods to scrape for source: scrape, and pod readiness, membership and start-up timelines for source: prometheus (default: the in-cluster config in a pod)." };
    private static readonly Option<string?> AuthzKubeconfig = new("--authorization-kubeconfig") { Description = "Kubeconfig of the API that authorizes users other than system:masters by SubjectAccessReview (default: the in-cluster config in a pod; --demo only with this flag)." };
    private static readonly Option<string> TokenCacheTtl = new("--authentication-token-webhook-cache-ttl") { Description = "How long TokenReview verdicts, good or bad, are cached (Go duration).", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string> AuthorizedTtl = new("--authorization-webhook-cache-authorized-ttl") { Description = "How long allowing SubjectAccessReviews are cached (Go duration).", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string> UnauthorizedTtl = new("--authorization-webhook-cache-unauthorized-ttl") { Description = "How long refusing SubjectAccessReviews are cached (Go duration).", DefaultValueFactory = _ => "10s" };
    private static readonly Option<string?> ConfigFile = new("--config") { Description = "Workloads and sources (YAML)." };
    private static readonly Option<string> AlwaysAllow = new("--authorization-always-allow-paths") { Description = "Comma-separated paths served without authentication.", DefaultValueFactory = _ => string.Join(',', Auth.AuthOptions.DefaultAlwaysAllowPaths) };
    private static readonly Option<string> RequestTimeout = new("--request-timeout") { Description = "A request unanswered after this gets a 504 Timeout Status (Go duration).", DefaultValueFactory = _ => "1m0s" };
    private static readonly Option<long> MaxRequestBodyBytes = new("--max-request-body-bytes") { Description = "A request declaring a larger body is refused with 413; no path reads a body.", DefaultValueFactory = _ => 64 * 1024 };
    private static readonly Option<int> MetricsPort = new("--metrics-port") { Description = "Plain-HTTP port of the adapter's own /metrics (0 picks a free port).", DefaultValueFactory = _ => 8080 };
    private static readonly Option<int> GrpcPort = new("--grpc-port") { Description = "HTTP/2 TLS port of the KEDA external scaler (gRPC; 0 picks a free port).", DefaultValueFactory = _ => 9443 };
    private static readonly Option<string?> KedaClientCaFile = new("--keda-client-ca-file") { Description = "CA bundle that verifies KEDA's client certificate; when set, the gRPC port requires one." };
    private static readonly Option<bool> KedaAllowUnauthenticated = new("--keda-allow-unauthenticated") { Description = "Serve the KEDA port without client certificates (logs a warning); otherwise --keda-client-ca-file is required outside the demo." };
    private static readonly Option<bool> Demo = new("--demo") { Description = "Serve the embedded simulated fleet (namespace demo, workloads chat and code)." };
    private static readonly Option<string> DemoKubeconfig = new("--demo-kubeconfig") { Description = "Where the demo writes its kubeconfig.", DefaultValueFactory = _ => AdapterOptions.DefaultDemoKubeconfig };
    private static readonly Option<bool> ShardWorkloads = new("--shard-workloads") { Description = "Share the workloads with the other replicas through Leases: each observes about 1/n of them and serves all (needs --tls-cert-file)." };
    private static readonly Option<string?> ReplicaName = new("--replica-name") { Description = "This replica's name in its group (default: the POD_NAME variable, else the host name)." };
    private static readonly Option<string?> ReplicaNamespace = new("--replica-namespace") { Description = "Namespace of the member Leases and checkpoint ConfigMaps (default: POD_NAMESPACE, else the pod's own)." };
    private static readonly Option<string> ReplicaGroup = new("--replica-group") { Description = "Name the group's Leases and ConfigMaps start with and are labelled by.", DefaultValueFactory = _ => "headroom" };
    private static readonly Option<string?> PeerAddress = new("--peer-address") { Description = "HTTPS address the other replicas read this one at (default: https://$POD_IP:<secure port>)." };
    private static readonly Option<string> LeaseDuration = new("--lease-duration") { Description = "A replica whose Lease is not renewed for this long is gone; its workloads pass to the others (Go duration).", DefaultValueFactory = _ => "15s" };
    private static readonly Option<string> LeaseRenewInterval = new("--lease-renew-interval") { Description = "Time between renewals of this replica's Lease (Go duration).", DefaultValueFactory = _ => "5s" };
    private static readonly Option<string> CheckpointInterval = new("--checkpoint-interval") { Description = "Time between checkpoints of one owned workload's learned state (Go duration).", DefaultValueFactory = _ => "1m0s" };
    private static readonly Option<string?> CoordinationKubeconfig = new("--coordination-kubeconfig") { Description = "Kubeconfig of the API that holds the Leases and checkpoints (default: the in-cluster config in a pod)." };
    private static readonly Option<int> DemoSeed = new("--demo-seed") { Description = "Random seed of the simulated fleet.", DefaultValueFactory = _ => 42 };

    /// <summary>The root command; its action runs the adapter until it is stopped.</summary>
    public static RootCommand Build(Func<AdapterOptions, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("Headroom: LLM inference signals for the HorizontalPodAutoscaler and KEDA.")
        {
            SecurePort, BindAddress, TlsCertFile, TlsKeyFile, ClientCaFile, AuthnKubeconfig, AuthzKubeconfig, TokenCacheTtl, AuthorizedTtl, UnauthorizedTtl,
            ConfigFile, AlwaysAllow, RequestTimeout, MaxRequestBodyBytes, MetricsPort, GrpcPort, KedaClientCaFile, KedaAllowUnauthenticated, Demo, DemoKubeconfig, DemoSeed, ListerKubeconfig,
            RequestHeaderCa, RequestHeaderAllowedNames, RequestHeaderUsernameHeaders, RequestHeaderGroupHeaders, RequestHeaderExtraPrefix,
            ShardWorkloads, ReplicaName, ReplicaNamespace, ReplicaGroup, PeerAddress, LeaseDuration, LeaseRenewInterval, CheckpointInterval, CoordinationKubeconfig,
        };
        root.Subcommands.Add(Check.CheckCommand.Build());
        root.SetAction((result, ct) =>
        {
            var bind = result.GetValue(BindAddress);
            if (bind is not null && !IPAddress.TryParse(bind, out _))
            {
                Console.Error.WriteLine($"error: --bind-address {bind} is not an IP address");
                return Task.FromResult(2);
            }
            if (new[] { TokenCacheTtl, AuthorizedTtl, UnauthorizedTtl, RequestTimeout, LeaseDuration, LeaseRenewInterval, CheckpointInterval }.FirstOrDefault(o => Duration.TryParse(result.GetValue(o)) is not { } d || d < TimeSpan.Zero) is { } bad)
            {
                Console.Error.WriteLine($"error: {bad.Name} {result.GetValue(bad)} is not a duration (such as 10s or 1m30s)");
                return Task.FromResult(2);
            }
            var peer = result.GetValue(PeerAddress);
            if (peer is not null && !Uri.TryCreate(peer, UriKind.Absolute, out _))
            {
                Console.Error.WriteLine($"error: --peer-address {peer} is not an absolute address (such as https://10.0.0.7:6443)");
                return Task.FromResult(2);
            }
            IReadOnlyList<string> List(Option<string> option) =>
                result.GetValue(option)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            TimeSpan DurationOf(Option<string> option) => Duration.TryParse(result.GetValue(option)) ?? default;
            var options = new AdapterOptions
            {
                SecurePort = result.GetValue(SecurePort),
                BindAddress = bind is null ? null : IPAddress.Parse(bind),
                TlsCertFile = result.GetValue(TlsCertFile),
                TlsPrivateKeyFile = result.GetValue(TlsKeyFile),
                ClientCaFile = result.GetValue(ClientCaFile),
                AuthenticationKubeconfig = result.GetValue(AuthnKubeconfig),
                AuthorizationKubeconfig = result.GetValue(AuthzKubeconfig),
                AuthenticationTokenWebhookCacheTtl = DurationOf(TokenCacheTtl),
                AuthorizationWebhookCacheAuthorizedTtl = DurationOf(AuthorizedTtl),
                AuthorizationWebhookCacheUnauthorizedTtl = DurationOf(UnauthorizedTtl),
                ConfigFile = result.GetValue(ConfigFile),
                ListerKubeconfig = result.GetValue(ListerKubeconfig),
                RequestHeaderClientCaFile = result.GetValue(RequestHeaderCa),
                RequestHeaderAllowedNames = List(RequestHeaderAllowedNames),
                RequestHeaderUsernameHeaders = List(RequestHeaderUsernameHeaders),
                RequestHeaderGroupHeaders = List(RequestHeaderGroupHeaders),
                RequestHeaderExtraHeadersPrefix = List(RequestHeaderExtraPrefix),
                AlwaysAllowPaths = result.GetValue(AlwaysAllow)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                RequestTimeout = DurationOf(RequestTimeout),
                MaxRequestBodyBytes = result.GetValue(MaxRequestBodyBytes),
                MetricsPort = result.GetValue(MetricsPort),
                GrpcPort = result.GetValue(GrpcPort),
                KedaClientCaFile = result.GetValue(KedaClientCaFile),
                KedaAllowUnauthenticated = result.GetValue(KedaAllowUnauthenticated),
                Demo = result.GetValue(Demo),
                DemoKubeconfig = result.GetValue(DemoKubeconfig)!,
                DemoSeed = result.GetValue(DemoSeed),
                ShardWorkloads = result.GetValue(ShardWorkloads),
                ReplicaName = result.GetValue(ReplicaName),
                ReplicaNamespace = result.GetValue(ReplicaNamespace),
                ReplicaGroup = result.GetValue(ReplicaGroup)!,
                PeerAddress = peer is null ? null : new Uri(peer),
                LeaseDuration = DurationOf(LeaseDuration),
                LeaseRenewInterval = DurationOf(LeaseRenewInterval),
                CheckpointInterval = DurationOf(CheckpointInterval),
                CoordinationKubeconfig = result.GetValue(CoordinationKubeconfig),
            };
            return run(options, ct);
        });
        return root;
    }
}
