using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tls;
using Headroom.Signals.Workloads;
using Microsoft.Extensions.Logging.Abstractions;
using static Headroom.Adapter.Tests.Keda.KedaAdapterFixture;

namespace Headroom.Adapter.Tests.Security;

/// <summary>Certificates an attacker presents, and an adapter that trusts one client CA on both listeners to present them to.</summary>
public static class PresentedCertificates
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>An adapter whose HTTPS and gRPC listeners trust the CA for client certificates; its serving certificate is self-signed.</summary>
    public static Task<RunningAdapter> StartTrustingAsync(X509Certificate2 clientCa) =>
        RunningAdapter.StartAsync(Options(), new HostPlan([new WorkloadSpec { Name = "chat", Namespace = "llm", Selector = "app=chat" }], new Keda.ScriptedSource(),
            SignalSettings, ServingCertificate.Fixed(CertificateFactory.CreateServer(["127.0.0.1"], null, TimeSpan.FromDays(1)), NullLogger.Instance),
            new X509Certificate2Collection(clientCa), KedaClientCas: new X509Certificate2Collection(clientCa)));

    /// <summary>
    /// A handler that presents the certificate and trusts any server. Offline, so that any download a test watches
    /// for can only be the adapter's.
    /// </summary>
    public static SocketsHttpHandler Presenting(X509Certificate2 certificate) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ClientCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
        },
    };

    /// <summary>A client-auth certificate for the subject, signed by the issuer, with any further extensions, and its key usable by TLS.</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, params X509Extension[] extensions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        foreach (var extension in extensions) request.CertificateExtensions.Add(extension);
        var now = DateTimeOffset.UtcNow;
        using var signed = request.Create(issuer, now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
