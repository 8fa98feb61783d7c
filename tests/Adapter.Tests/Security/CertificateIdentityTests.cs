using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tls;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using static Headroom.Adapter.Tests.Keda.KedaAdapterFixture;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// The attack: a certificate from the trusted client CA, but without a common name, whose organization is
/// system:masters. The kube-apiserver names a certificate's user by its CN only, so this one is nobody.
/// </summary>
public sealed class CertificateIdentityTests
{
    private const string Discovery = "/apis/custom.metrics.k8s.io/v1beta2";

    [Fact]
    public async Task A_certificate_without_a_common_name_is_not_authenticated_by_its_other_fields()
    {
        var ca = CertificateFactory.CreateAuthority("client-ca", TimeSpan.FromDays(1));
        var serving = CertificateFactory.CreateServer(["127.0.0.1"], null, TimeSpan.FromDays(1));
        var plan = new HostPlan([new WorkloadSpec { Name = "chat", Namespace = "llm", Selector = "app=chat" }], new Keda.ScriptedSource(), SignalSettings,
            ServingCertificate.Fixed(serving, NullLogger.Instance), new X509Certificate2Collection(ca));
        await using var adapter = await RunningAdapter.StartAsync(Options(), plan);

        using (var nameless = new HttpClient(Presenting(Issue(ca, "O=system:masters, OU=admins, E=root@example.com"))) { BaseAddress = adapter.SecureUrl })
        using (var response = await nameless.GetAsync(Discovery))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var named = new HttpClient(Presenting(Issue(ca, "CN=alice, O=system:masters"))) { BaseAddress = adapter.SecureUrl })
        using (var response = await named.GetAsync(Discovery))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static SocketsHttpHandler Presenting(X509Certificate2 certificate) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ClientCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
        },
    };

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var signed = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), [7, 7, 7]);
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
