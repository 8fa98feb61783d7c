using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Auth;
using Headroom.Adapter.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Headroom.Adapter.Keda;

/// <summary>
/// The gRPC port KEDA calls: HTTP/2 only, over TLS with the serving certificate, optionally requiring KEDA's
/// client certificate. Requests that arrive on it go to the external scaler and nowhere else.
/// </summary>
public sealed class KedaListener
{
    /// <summary>
    /// KEDA multiplexes every ScaledObject that names the same scaler address onto one pooled connection, each
    /// external-push trigger holding a stream open; at Kestrel's default of 100 streams the next IsActive would queue.
    /// The cap bounds what one connection can hold (each stream buffers its headers); past it, streams queue in the client.
    /// </summary>
    public const int MaxStreamsPerConnection = 1024;

    private ListenOptions? _listen;

    /// <summary>The port actually bound, once Kestrel has started; 0 before.</summary>
    public int Port => (_listen?.EndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Adds the listener to Kestrel.</summary>
    public void Listen(KestrelServerOptions kestrel, IPAddress address, int port, ServingCertificate certificate, TrustedCertificates? clientCas)
    {
        kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        // Pings find a KEDA pod that went away without closing, and keep idle pooled connections alive through NAT.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(20);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        var verifier = clientCas is null ? null : new ClientCertificateAuthenticator(clientCas, TimeProvider.System);
        kestrel.Listen(address, port, listen =>
        {
            _listen = listen;
            listen.Protocols = HttpProtocols.Http2;
            var https = new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => certificate.Current,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateMode = verifier is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (cert, _, _) => verifier?.Authenticate(cert) is not null,
            };
            ClientCertificatePolicy.Apply(https);
            listen.UseHttps(https);
        });
    }

    /// <summary>Whether a request arrived on this listener.</summary>
    public bool Owns(HttpContext context) => _listen is not null && context.Connection.LocalPort == Port;
}
