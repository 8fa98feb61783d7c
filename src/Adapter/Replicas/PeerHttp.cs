using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Tls;
using Headroom.Signals.Replicas;

namespace Headroom.Adapter.Replicas;

/// <summary>
/// The HTTP client replicas read each other with: it presents the group's serving certificate and accepts only a peer
/// that presents the same one, so neither side needs another credential or CA.
/// </summary>
public static class PeerHttp
{
    /// <summary>A client over the current serving certificate, reloaded with it.</summary>
    public static HttpClient Create(ServingCertificate serving)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => serving.Current,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && CryptographicOperations.FixedTimeEquals(
                    presented.GetCertHash(HashAlgorithmName.SHA256), serving.Current.GetCertHash(HashAlgorithmName.SHA256)),
                CertificateChainPolicy = ClientCertificatePolicy.Offline(null, DateTime.Now),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
        return new HttpClient(handler)
        {
            // Past the peer's long poll, so that a held request is answered rather than abandoned.
            Timeout = PeerEndpoint.LongPoll + TimeSpan.FromSeconds(20),
            MaxResponseContentBufferSize = PeerClient.MaxBytes,
        };
    }
}
