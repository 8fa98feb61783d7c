using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Keda.Protocol;
using Headroom.Adapter.Tests.Support;
using Headroom.Adapter.Tls;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Adapter.Tests.Keda;

/// <summary>
/// A running adapter on a scripted source, its KEDA gRPC port reached as KEDA reaches it: HTTP/2 over TLS,
/// one pooled channel whose TCP connections are counted.
/// </summary>
public sealed class KedaAdapterFixture : IAsyncLifetime
{
    public static readonly SignalOptions SignalSettings = new()
    {
        Interval = TimeSpan.FromMilliseconds(100),
        SmoothingWindow = TimeSpan.Zero,
        StaleAfter = TimeSpan.FromSeconds(2),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-keda-").FullName;
    private int _connections;

    public ScriptedSource Source { get; } = new();
    public RunningAdapter Adapter { get; private set; } = null!;
    public X509Certificate2 Serving { get; } = CertificateFactory.CreateServer(["127.0.0.1", "localhost"], null, TimeSpan.FromDays(1));
    public TestCertificates Certificates { get; private set; } = null!;
    public Kubectl.Kubectl Kubectl { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public ExternalScaler.ExternalScalerClient Client { get; private set; } = null!;

    /// <summary>TCP connections the channel has opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async Task InitializeAsync()
    {
        Certificates = new TestCertificates(_directory);
        Source.Set("chat", null, (3, 8, 0.5), (4, 8, 0.7));
        Source.Set("idle", null, (0, 2, 0.1));
        WorkloadSpec[] workloads =
        [
            new() { Name = "chat", Namespace = "llm", Selector = "app=chat" },
            new() { Name = "idle", Namespace = "llm", Selector = "app=idle" },
            // Each test that changes readings owns its workload, so tests sharing the adapter do not disturb each other.
            .. new[] { "wake", "push", "outage" }.Select(name => new WorkloadSpec
            {
                Name = name, Namespace = "llm", Selector = $"app={name}", GatewayPool = $"{name}-pool",
            }),
        ];
        foreach (var name in new[] { "wake", "push", "outage" }) Source.Set(name, 0);
        var plan = new HostPlan(workloads, Source, SignalSettings,
            ServingCertificate.Fixed(Serving, NullLogger.Instance), new X509Certificate2Collection(Certificates.Authority));
        Adapter = await RunningAdapter.StartAsync(Options(), plan);
        Kubectl = new Kubectl.Kubectl(Certificates.WriteKubeconfig(Adapter.SecureUrl, Serving.ExportCertificatePem()));
        Channel = OpenChannel(Adapter.GrpcUrl, Serving, clientCertificate: null, () => Interlocked.Increment(ref _connections));
        Client = new ExternalScaler.ExternalScalerClient(Channel);
    }

    public static AdapterOptions Options() => TestAdapterOptions.Loopback();

    /// <summary>A channel that trusts only the serving certificate and counts the connections it opens.</summary>
    public static GrpcChannel OpenChannel(Uri address, X509Certificate2 serving, X509Certificate2? clientCertificate, Action? connected = null)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == serving.GetCertHashString(),
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                connected?.Invoke();
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>A trigger's ScaledObjectRef, as KEDA sends it: its own keys included.</summary>
    public static ScaledObjectRef Ref(params (string Key, string Value)[] metadata)
    {
        var reference = new ScaledObjectRef { Name = "chat-so", Namespace = "llm" };
        reference.ScalerMetadata.Add("scalerAddress", "headroom.headroom.svc:9443");
        reference.ScalerMetadata.Add("enableTLS", "true");
        foreach (var (key, value) in metadata) reference.ScalerMetadata[key] = value;
        return reference;
    }

    public static CallOptions Deadline(double seconds = 5) => new(deadline: DateTime.UtcNow.AddSeconds(seconds));

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await Adapter.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
