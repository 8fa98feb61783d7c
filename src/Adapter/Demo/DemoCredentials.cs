using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Auth;
using Headroom.Adapter.Tls;

namespace Headroom.Adapter.Demo;

/// <summary>
/// A throwaway CA for one demo run, the serving certificate it signs, and the one client certificate
/// the demo accepts (a system:masters user), so kubectl can talk to the demo with no setup.
/// </summary>
public sealed class DemoCredentials
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private DemoCredentials(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client)
    {
        Authority = authority;
        Server = server;
        Client = client;
    }

    /// <summary>The demo CA; it signs both certificates and is the only trusted client CA.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate, for localhost and the loopback addresses.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The client certificate written into the kubeconfig.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>The demo's user name.</summary>
    public const string UserName = "headroom-demo-admin";

    /// <summary>Creates fresh credentials.</summary>
    public static DemoCredentials Create()
    {
        var authority = CertificateFactory.CreateAuthority("headroom-demo-ca", Lifetime);
        var server = CertificateFactory.CreateServer(["localhost", "127.0.0.1", "::1"], authority, Lifetime);
        var client = CertificateFactory.CreateClient(UserName, [UserInfo.SystemMasters], authority, Lifetime);
        return new DemoCredentials(authority, server, client);
    }

    /// <summary>Writes a kubeconfig that trusts the demo CA and presents the client certificate; readable by the owner only (see <see cref="PrivateFile"/>).</summary>
    public void WriteKubeconfig(string path, string serverUrl) =>
        PrivateFile.Write(path, Kubeconfig.Render("headroom-demo", serverUrl, Pem(Authority), Pem(Client), KeyPem(Client), "demo"));

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    private static string KeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey()?.ExportECPrivateKeyPem()
        ?? throw new CryptographicException("demo client certificate has no ECDSA private key");
}
