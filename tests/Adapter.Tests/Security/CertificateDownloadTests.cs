using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Headroom.Adapter.Keda.Protocol;
using Headroom.Adapter.Tls;
using static Headroom.Adapter.Tests.Keda.KedaAdapterFixture;
using static Headroom.Adapter.Tests.Security.PresentedCertificates;

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
        await using var adapter = await StartTrustingAsync(clientCa);
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

    // Signed by an issuer the adapter has never seen, so a chain builder allowed to download would go to the AIA URL for it.
    private static X509Certificate2 Bait(string url)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuerRequest = new CertificateRequest("CN=unknown-issuer", issuerKey, HashAlgorithmName.SHA256);
        issuerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var issuer = issuerRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return Issue(issuer, "CN=mallory",
            new X509AuthorityInformationAccessExtension([$"{url}/ocsp"], [$"{url}/issuer.cer"]),
            CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([$"{url}/revoked.crl"]));
    }
}
