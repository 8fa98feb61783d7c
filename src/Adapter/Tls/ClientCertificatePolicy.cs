using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Headroom.Adapter.Tls;

/// <summary>
/// How every listener and authenticator checks a client's certificate chain: offline. A chain built with downloads
/// on fetches the Authority Information Access and CRL URLs the client wrote into its own certificate, before
/// anyone is authenticated: a request forgery aimed wherever the client likes, and a thread held while it answers.
/// </summary>
public static class ClientCertificatePolicy
{
    /// <summary>Bounds a TLS handshake, so a client that stalls mid-handshake holds a connection no longer than this.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A chain policy that trusts only the given roots and never goes to the network.</summary>
    public static X509ChainPolicy Offline(X509Certificate2Collection? trustedRoots, DateTime verificationTime)
    {
        var policy = new X509ChainPolicy
        {
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
            UrlRetrievalTimeout = TimeSpan.Zero,
            VerificationTime = verificationTime,
        };
        if (trustedRoots is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trustedRoots);
        }
        return policy;
    }

    /// <summary>Makes the TLS layer's own chain building offline too, and bounds the handshake.</summary>
    public static void Apply(HttpsConnectionAdapterOptions https)
    {
        https.CheckCertificateRevocation = false;
        https.HandshakeTimeout = HandshakeTimeout;
        https.OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = Offline(null, DateTime.Now);
    }
}
