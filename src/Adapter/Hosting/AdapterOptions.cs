using System.Net;

namespace Headroom.Adapter.Hosting;

/// <summary>The adapter's command-line settings, named after the Kubernetes apiserver flags they mirror.</summary>
public sealed record AdapterOptions
{
    /// <summary>--secure-port: the HTTPS port of the metrics APIs; 0 picks a free one.</summary>
    public int SecurePort { get; init; } = 6443;

    /// <summary>--bind-address: the address to listen on; unset means all interfaces, or loopback in the demo.</summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>The address actually listened on.</summary>
    public IPAddress EffectiveBindAddress => BindAddress ?? (Demo ? IPAddress.Loopback : IPAddress.Any);

    /// <summary>--tls-cert-file: PEM serving certificate; without it a self-signed one is generated.</summary>
    public string? TlsCertFile { get; init; }

    /// <summary>--tls-private-key-file: PEM key of the serving certificate.</summary>
    public string? TlsPrivateKeyFile { get; init; }

    /// <summary>--client-ca-file: CA bundle that verifies client certificates.</summary>
    public string? ClientCaFile { get; init; }

    /// <summary>
    /// --authentication-kubeconfig: where bearer tokens are checked by TokenReview. Without it, a pod uses its
    /// in-cluster config; the demo accepts tokens only when this is set explicitly.
    /// </summary>
    public string? AuthenticationKubeconfig { get; init; }

    /// <summary>--requestheader-client-ca-file: CA bundle that verifies the front proxy's client certificates.</summary>
    public string? RequestHeaderClientCaFile { get; init; }

    /// <summary>--requestheader-allowed-names: common names a front-proxy certificate may have; empty allows any.</summary>
    public IReadOnlyList<string> RequestHeaderAllowedNames { get; init; } = [];

    /// <summary>--requestheader-username-headers.</summary>
    public IReadOnlyList<string> RequestHeaderUsernameHeaders { get; init; } = Auth.RequestHeaderOptions.Default.UsernameHeaders;

    /// <summary>--requestheader-group-headers.</summary>
    public IReadOnlyList<string> RequestHeaderGroupHeaders { get; init; } = Auth.RequestHeaderOptions.Default.GroupHeaders;

    /// <summary>--requestheader-extra-headers-prefix.</summary>
    public IReadOnlyList<string> RequestHeaderExtraHeadersPrefix { get; init; } = Auth.RequestHeaderOptions.Default.ExtraHeaderPrefixes;

    /// <summary>--lister-kubeconfig: the API that workload pods are listed and watched from, in both source modes (default: in-cluster).</summary>
    public string? ListerKubeconfig { get; init; }

    /// <summary>
    /// --authorization-kubeconfig: where users other than system:masters are checked by SubjectAccessReview.
    /// Without it, a pod uses its in-cluster config; the demo asks only when this is set explicitly.
    /// </summary>
    public string? AuthorizationKubeconfig { get; init; }

    /// <summary>--authentication-token-webhook-cache-ttl: how long TokenReview verdicts, good or bad, are cached.</summary>
    public TimeSpan AuthenticationTokenWebhookCacheTtl { get; init; } = Auth.TokenReviewAuthenticator.DefaultCacheTtl;

    /// <summary>--authorization-webhook-cache-authorized-ttl: how long an allowing SubjectAccessReview is cached.</summary>
    public TimeSpan AuthorizationWebhookCacheAuthorizedTtl { get; init; } = Auth.SubjectAccessReviewAuthorizer.DefaultCacheTtl;

    /// <summary>--authorization-webhook-cache-unauthorized-ttl: how long a refusing SubjectAccessReview is cached.</summary>
    public TimeSpan AuthorizationWebhookCacheUnauthorizedTtl { get; init; } = Auth.SubjectAccessReviewAuthorizer.DefaultCacheTtl;

    /// <summary>Whether the process runs in a Kubernetes pod, where the in-cluster config stands in for absent review kubeconfigs.</summary>
    public bool InCluster { get; init; } = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    /// <summary>--config: the workloads and sources file.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>--authorization-always-allow-paths: paths served without authentication or authorization.</summary>
    public IReadOnlyList<string> AlwaysAllowPaths { get; init; } = Auth.AuthOptions.DefaultAlwaysAllowPaths;

    /// <summary>--grpc-port: the HTTP/2 TLS port of the KEDA external scaler; 0 picks a free one.</summary>
    public int GrpcPort { get; init; } = 9443;

    /// <summary>--keda-client-ca-file: when set, the KEDA port requires a client certificate that this CA bundle verifies.</summary>
    public string? KedaClientCaFile { get; init; }

    /// <summary>--keda-allow-unauthenticated: serve the KEDA port to any client, with a warning at start; outside the demo, either this or a KEDA client CA is required.</summary>
    public bool KedaAllowUnauthenticated { get; init; }

    /// <summary>--request-timeout: a request still unanswered after this gets a 504 Timeout Status, as from Kubernetes apiservers.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>--max-request-body-bytes: a request declaring a larger body is refused with 413; no path reads one.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64 * 1024;

    /// <summary>--metrics-port: plain-HTTP port of the adapter's own /metrics; 0 picks a free one.</summary>
    public int MetricsPort { get; init; } = 8080;

    /// <summary>--demo: serve the embedded simulated fleet.</summary>
    public bool Demo { get; init; }

    /// <summary>--demo-kubeconfig: where the demo writes its kubeconfig.</summary>
    public string DemoKubeconfig { get; init; } = DefaultDemoKubeconfig;

    /// <summary>
    /// Under the user's own cache directory, which no other user can create or replace things in (a shared temporary
    /// directory would let them), and outside the working tree.
    /// </summary>
    public static string DefaultDemoKubeconfig =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "headroom-demo", "kubeconfig");

    /// <summary>--demo-seed: the simulated fleet's random seed.</summary>
    public int DemoSeed { get; init; } = 42;

    /// <summary>--shard-workloads: share the workloads with the other replicas of the group through Leases (off: this replica observes every workload).</summary>
    public bool ShardWorkloads { get; init; }

    /// <summary>--replica-name: this replica's name in its group; default the POD_NAME variable, else the host name.</summary>
    public string? ReplicaName { get; init; }

    /// <summary>--replica-namespace: where the member Leases and checkpoint ConfigMaps live; default POD_NAMESPACE, else the pod's own namespace.</summary>
    public string? ReplicaNamespace { get; init; }

    /// <summary>--replica-group: the name that the group's Leases and ConfigMaps start with and are labelled by.</summary>
    public string ReplicaGroup { get; init; } = "headroom";

    /// <summary>--peer-address: the HTTPS address the other replicas read this one at; default https://POD_IP:secure-port.</summary>
    public Uri? PeerAddress { get; init; }

    /// <summary>--lease-duration: a replica silent this long is gone and its workloads pass to the others.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>--lease-renew-interval: time between renewals of the replica's Lease.</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>--checkpoint-interval: time between checkpoints of one owned workload's learned state.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>--coordination-kubeconfig: the API that holds the Leases and checkpoints (default: the in-cluster config in a pod).</summary>
    public string? CoordinationKubeconfig { get; init; }

    /// <summary>The sharing settings, with their defaults from the pod's environment; null without --shard-workloads.</summary>
    public Signals.Replicas.ReplicaOptions? Replicas() => !ShardWorkloads ? null : new()
    {
        Identity = ReplicaName ?? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName.ToLowerInvariant(),
        Namespace = ReplicaNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? PodNamespace() ?? "",
        Group = ReplicaGroup,
        LeaseDuration = LeaseDuration,
        RenewInterval = LeaseRenewInterval,
        CheckpointInterval = CheckpointInterval,
    };

    private static string? PodNamespace()
    {
        const string file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>Checks flag combinations; returns every problem found, each naming its flag.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SecurePort is < 0 or > 65535) problems.Add($"--secure-port {SecurePort} is not a port (0-65535)");
        if (MetricsPort is < 0 or > 65535) problems.Add($"--metrics-port {MetricsPort} is not a port (0-65535)");
        if (GrpcPort is < 0 or > 65535) problems.Add($"--grpc-port {GrpcPort} is not a port (0-65535)");
        if (SecurePort != 0 && SecurePort == MetricsPort) problems.Add("--secure-port and --metrics-port must differ");
        if (GrpcPort != 0 && (GrpcPort == SecurePort || GrpcPort == MetricsPort)) problems.Add("--grpc-port must differ from --secure-port and --metrics-port");
        if (KedaClientCaFile is not null && !File.Exists(KedaClientCaFile)) problems.Add($"--keda-client-ca-file {KedaClientCaFile} does not exist");
        if (KedaClientCaFile is not null && KedaAllowUnauthenticated)
            problems.Add("--keda-client-ca-file and --keda-allow-unauthenticated contradict each other: give one");
        if (!Demo && KedaClientCaFile is null && !KedaAllowUnauthenticated)
            problems.Add("--keda-client-ca-file is required: the KEDA port serves every workload's signals to whoever connects; give the CA that signs KEDA's client certificate, or --keda-allow-unauthenticated to accept that");
        if ((TlsCertFile is null) != (TlsPrivateKeyFile is null))
            problems.Add("--tls-cert-file and --tls-private-key-file must be given together");
        if (TlsCertFile is not null && !File.Exists(TlsCertFile)) problems.Add($"--tls-cert-file {TlsCertFile} does not exist");
        if (TlsPrivateKeyFile is not null && !File.Exists(TlsPrivateKeyFile)) problems.Add($"--tls-private-key-file {TlsPrivateKeyFile} does not exist");
        if (ClientCaFile is not null && !File.Exists(ClientCaFile)) problems.Add($"--client-ca-file {ClientCaFile} does not exist");
        if (Demo && ClientCaFile is not null)
            problems.Add("--client-ca-file cannot be combined with --demo: the demo trusts only the client certificate it generates");
        if (RequestHeaderClientCaFile is not null && !File.Exists(RequestHeaderClientCaFile))
            problems.Add($"--requestheader-client-ca-file {RequestHeaderClientCaFile} does not exist");
        if (Demo && RequestHeaderClientCaFile is not null)
            problems.Add("--requestheader-client-ca-file cannot be combined with --demo: the demo trusts only the client certificate it generates");
        if (ListerKubeconfig is not null && !File.Exists(ListerKubeconfig))
            problems.Add($"--lister-kubeconfig {ListerKubeconfig} does not exist");
        if (AuthenticationKubeconfig is not null && !File.Exists(AuthenticationKubeconfig))
            problems.Add($"--authentication-kubeconfig {AuthenticationKubeconfig} does not exist");
        if (AuthorizationKubeconfig is not null && !File.Exists(AuthorizationKubeconfig))
            problems.Add($"--authorization-kubeconfig {AuthorizationKubeconfig} does not exist");
        if (RequestTimeout <= TimeSpan.Zero) problems.Add("--request-timeout must be more than zero");
        if (MaxRequestBodyBytes < 0) problems.Add("--max-request-body-bytes must not be negative");
        if (AuthenticationTokenWebhookCacheTtl < TimeSpan.Zero) problems.Add("--authentication-token-webhook-cache-ttl must not be negative");
        if (AuthorizationWebhookCacheAuthorizedTtl < TimeSpan.Zero) problems.Add("--authorization-webhook-cache-authorized-ttl must not be negative");
        if (AuthorizationWebhookCacheUnauthorizedTtl < TimeSpan.Zero) problems.Add("--authorization-webhook-cache-unauthorized-ttl must not be negative");
        if (!Demo && ClientCaFile is null && RequestHeaderClientCaFile is null && AuthenticationKubeconfig is null && !InCluster)
            problems.Add("no authentication is configured: set --client-ca-file or --authentication-kubeconfig, or run in a pod where the in-cluster config serves TokenReview (anonymous access is never allowed)");
        if (!Demo && ConfigFile is null) problems.Add("--config is required unless --demo is set");
        if (ShardWorkloads && Demo) problems.Add("--shard-workloads cannot be combined with --demo: the demo is one replica");
        if (ShardWorkloads && TlsCertFile is null)
            problems.Add("--shard-workloads needs --tls-cert-file: replicas prove themselves to each other with the serving certificate they all mount, and a generated one differs per replica");
        if (PeerAddress is not null && PeerAddress.Scheme != Uri.UriSchemeHttps) problems.Add($"--peer-address {PeerAddress} must be an https address");
        if (CoordinationKubeconfig is not null && !File.Exists(CoordinationKubeconfig))
            problems.Add($"--coordination-kubeconfig {CoordinationKubeconfig} does not exist");
        if (Replicas() is { } replicas)
            problems.AddRange(replicas.Validate().Select(p => $"--shard-workloads: {p} (--replica-name, --replica-namespace, --replica-group, --lease-duration, --lease-renew-interval, --checkpoint-interval)"));
        if (ConfigFile is not null && !File.Exists(ConfigFile)) problems.Add($"--config {ConfigFile} does not exist");
        return problems;
    }
}
