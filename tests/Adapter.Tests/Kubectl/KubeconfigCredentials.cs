using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Headroom.Adapter.Tests.Kubectl;

/// <summary>The CA and client credentials embedded in a kubeconfig, as kubectl reads them.</summary>
public sealed record KubeconfigCredentials(string CaPem, string ClientCertPem, string ClientKeyPem)
{
    public static KubeconfigCredentials Read(string path)
    {
        var text = File.ReadAllText(path);
        string Field(string name) => Encoding.ASCII.GetString(Convert.FromBase64String(
            Regex.Match(text, $@"{name}: (\S+)").Groups[1].Value));
        return new KubeconfigCredentials(Field("certificate-authority-data"), Field("client-certificate-data"), Field("client-key-data"));
    }

    public X509Certificate2 Authority => X509Certificate2.CreateFromPem(CaPem);

    public X509Certificate2 ClientCertificate => X509Certificate2.CreateFromPem(ClientCertPem, ClientKeyPem);

    public HttpClient CreateClient(Uri baseAddress, bool presentClientCertificate, bool followRedirects = true)
    {
        var authority = Authority;
        // Cookies are the test's to send and read, as headers.
        var handler = new SocketsHttpHandler { AllowAutoRedirect = followRedirects, UseCookies = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        if (presentClientCertificate) handler.SslOptions.ClientCertificates = [ClientCertificate];
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>Writes a kubeconfig for the same server with other client credentials (or none).</summary>
    public static void WriteVariant(string source, string destination, string? clientCertPem, string? clientKeyPem)
    {
        var text = File.ReadAllText(source);
        var lines = text.Split('\n').Where(l => !l.Contains("client-certificate-data:") && !l.Contains("client-key-data:")).ToList();
        var user = lines.FindIndex(l => l.TrimStart().StartsWith("user:", StringComparison.Ordinal) && l.StartsWith("  user:", StringComparison.Ordinal));
        if (clientCertPem is not null && clientKeyPem is not null)
        {
            lines.Insert(user + 1, $"    client-key-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(clientKeyPem))}");
            lines.Insert(user + 1, $"    client-certificate-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(clientCertPem))}");
        }
        else
        {
            lines[user] = "  user: {}";
        }
        File.WriteAllText(destination, string.Join('\n', lines));
    }
}
