using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tls;

namespace Headroom.Adapter.Tests.Support;

/// <summary>
/// Starts the adapter outside the demo, as in production: a --config file, serving certificate files,
/// a client CA, and kubectl with a system:masters client certificate.
/// </summary>
public static class ConfiguredAdapter
{
    public static async Task<(RunningAdapter Adapter, Kubectl.Kubectl Kubectl, TestCertificates Certificates)> StartAsync(string directory, string configYaml, Func<AdapterOptions, AdapterOptions>? adjust = null)
    {
        var config = Path.Combine(directory, "headroom.yaml");
        await File.WriteAllTextAsync(config, configYaml);
        var certificates = new TestCertificates(directory);
        var serving = CertificateFactory.CreateServer(["127.0.0.1", "localhost"], null, TimeSpan.FromDays(1));
        var options = TestAdapterOptions.Loopback() with
        {
            ConfigFile = config,
            ClientCaFile = certificates.ClientCaFile,
            TlsCertFile = Path.Combine(directory, "serving.pem"),
            TlsPrivateKeyFile = Path.Combine(directory, "serving-key.pem"),
        };
        await File.WriteAllTextAsync(options.TlsCertFile, serving.ExportCertificatePem());
        await File.WriteAllTextAsync(options.TlsPrivateKeyFile, serving.GetECDsaPrivateKey()!.ExportECPrivateKeyPem());
        var adapter = await RunningAdapter.StartAsync(adjust?.Invoke(options) ?? options);
        return (adapter, new Kubectl.Kubectl(certificates.WriteKubeconfig(adapter.SecureUrl, serving.ExportCertificatePem())), certificates);
    }
}
