using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Keda.Protocol;
using Headroom.Adapter.Tls;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using static Headroom.Adapter.Tests.Keda.KedaAdapterFixture;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// The attack: a client presents a certificate from an unknown issuer whose Authority Information Access, OCSP and
/// CRL URLs point at a server the attacker watches. Checking it must not fetch anything, before or after refusing.
/// </summary>
public sealed class CertificateDownloadTests
{
    [Fact]
    public async Task A_client_certificate_with_download_urls_makes_the_adapter_fetch_nothing_on_either_listener()
    {
        using var watched = new TcpListener(IPAddress.Loopback, 0);
        watched.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)watched.LocalEndpoint).Port}";
        var connections = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await watched.AcceptSocketAsync();
                Interlocked.Increment(ref connections);
            }
        });

        var clientCa = CertificateFactory.CreateAuthority("client-ca", TimeSpan.FromDays(1));
        var serving = CertificateFactory.CreateServer(["127.0.0.1"], null, TimeSpan.FromDays(1));
        var plan = new HostPlan([new WorkloadSpec { Name = "chat", Namespace = "llm", Selector = "app=chat" }], new Keda.ScriptedSource(), SignalSettings,
            ServingCertificate.Fixed(serving, NullLogger.Instance), new X509Certificate2Collection(clientCa), KedaClientCas: new X509Certificate2Collection(clientCa));
        await using var adapter = await RunningAdapter.StartAsync(Options(), plan);
        var bait = Bait(url);

        using (var client = new HttpClient(Presenting(bait)) { BaseAddress = adapter.SecureUrl })
        {
            using var response = await client.GetAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/metrics/headroom_queue_depth");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var channel = GrpcChannel.ForAddress(adapter.GrpcUrl, new GrpcChannelOptions { HttpHandler = Presenting(bait) }))
        {
            await Assert.ThrowsAsync<RpcException>(() => new ExternalScaler.ExternalScalerClient(channel).GetMetricSpecAsync(Ref(("workload", "chat")), Deadline()).ResponseAsync);
        }

        // A fetch could also be started after the answer; give it time to arrive.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Volatile.Read(ref connections));
    }

    // The client side is offline too, so that any fetch the watcher sees can only be the adapter's.
    private static SocketsHttpHandler Presenting(X509Certificate2 certificate) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ClientCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
        },
    };

    // Signed by an issuer the adapter has never seen, so a chain builder allowed to download would go to the AIA URL for it.
    private static X509Certificate2 Bait(string url)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuerRequest = new CertificateRequest("CN=unknown-issuer", issuerKey, HashAlgorithmName.SHA256);
        issuerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var issuer = issuerRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mallory", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([$"{url}/ocsp"], [$"{url}/issuer.cer"]));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([$"{url}/revoked.crl"]));
        using var signed = request.Create(issuer, now.AddMinutes(-5), now.AddHours(1), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
