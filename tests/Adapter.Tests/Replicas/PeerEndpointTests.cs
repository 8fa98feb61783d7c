using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Replicas;
using Headroom.Adapter.Tests.Keda;
using Headroom.Adapter.Tests.Support;
using Headroom.Adapter.Tls;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Adapter.Tests.Replicas;

/// <summary>The peer path answers only a client that presents the group's serving certificate, and nothing else there.</summary>
public sealed class PeerEndpointTests : IAsyncLifetime
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-peer-").FullName;
    private readonly KubernetesApiStandIn _api = new();
    private readonly X509Certificate2 _serving = CertificateFactory.CreateServer(["127.0.0.1", "localhost"], null, TimeSpan.FromDays(1));
    private RunningAdapter _adapter = null!;

    public async Task InitializeAsync()
    {
        var certificates = new TestCertificates(_directory);
        var source = new Keda.ScriptedSource();
        source.Set("chat", null, (1, 4, 0.5));
        var plan = new HostPlan([Chat], source,
            new SignalOptions { Interval = TimeSpan.FromMilliseconds(200) }, ServingCertificate.Fixed(_serving, NullLogger.Instance),
            new X509Certificate2Collection(certificates.Authority),
            Replicas: new ReplicaPlan(new ReplicaOptions { Namespace = "headroom", Identity = "only", RenewInterval = TimeSpan.FromMilliseconds(200), LeaseDuration = TimeSpan.FromSeconds(1) },
                _api.Configuration()));
        _adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Loopback(), plan);
    }

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private HttpClient Client(X509Certificate2? presented) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == _serving.GetCertHashString(),
            LocalCertificateSelectionCallback = presented is null ? null : (_, _, _, _, _) => presented,
        },
    });

    [Fact]
    public async Task A_peer_with_the_serving_certificate_reads_the_owned_snapshot()
    {
        using var peer = Client(_serving);
        await Poll.UntilAsync(async () =>
        {
            using var response = await peer.GetAsync(new Uri(_adapter.SecureUrl, $"{PeerClient.Path}?after=-1"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var (header, workloads) = PeerSnapshots.Decode(await response.Content.ReadAsByteArrayAsync(), new Dictionary<(string, string), WorkloadSpec> { [("llm", "chat")] = Chat });
            Assert.Equal("only", header.Member);
            Assert.NotNull(Assert.Single(workloads).ObservedAt);
        }, TimeSpan.FromSeconds(20));
        Assert.Contains("headroom-member-only", _api.Names("leases", "headroom"));
    }

    [Fact]
    public async Task Anyone_else_is_refused_whatever_else_they_present()
    {
        var other = CertificateFactory.CreateServer(["127.0.0.1"], null, TimeSpan.FromDays(1));
        foreach (var presented in new[] { null, other })
        {
            using var client = Client(presented);
            using var response = await client.GetAsync(new Uri(_adapter.SecureUrl, $"{PeerClient.Path}?after=-1"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var peer = Client(_serving);
        Assert.Equal(HttpStatusCode.NotFound, (await peer.GetAsync(new Uri(_adapter.SecureUrl, "/peer/v1/other"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await peer.GetAsync(new Uri(_adapter.SecureUrl, PeerClient.Path))).StatusCode);
    }
}
