using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Demo;
using Headroom.Adapter.Tls;

namespace Headroom.Adapter.Tests.Support;

/// <summary>A client CA and a system:masters client certificate written to files, plus a kubeconfig for a server.</summary>
public sealed class TestCertificates
{
    public TestCertificates(string directory)
    {
        var ca = CertificateFactory.CreateAuthority("test-client-ca", TimeSpan.FromDays(1));
        Authority = ca;
        var client = CertificateFactory.CreateClient("test-admin", ["system:masters"], ca, TimeSpan.FromDays(1));
        ClientCaFile = Path.Combine(directory, "client-ca.pem");
        File.WriteAllText(ClientCaFile, ca.ExportCertificatePem());
        ClientCertPem = client.ExportCertificatePem();
        ClientKeyPem = client.GetECDsaPrivateKey()!.ExportECPrivateKeyPem();
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The client CA, with its key, to issue more client certificates.</summary>
    public X509Certificate2 Authority { get; }

    public string ClientCaFile { get; }

    public string ClientCertPem { get; }

    public string ClientKeyPem { get; }

    /// <summary>A kubeconfig that presents the client certificate and trusts the server's self-signed certificate by pinning it as the CA.</summary>
    public string WriteKubeconfig(Uri server, string serverCertificatePem)
    {
        var path = Path.Combine(Directory, "kubeconfig");
        File.WriteAllText(path, Kubeconfig.Render("test", server.ToString().TrimEnd('/'), serverCertificatePem, ClientCertPem, ClientKeyPem, null));
        return path;
    }
}
