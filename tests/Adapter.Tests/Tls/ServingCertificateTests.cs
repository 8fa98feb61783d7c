using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Adapter.Tests.Tls;

public sealed class ServingCertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-tls-").FullName;

    [Fact]
    public void Changed_files_are_reloaded_and_a_broken_pair_keeps_the_current_certificate()
    {
        var (cert, key) = (Path.Combine(_directory, "tls.crt"), Path.Combine(_directory, "tls.key"));
        var first = Write(cert, key, "first.example");
        using var serving = ServingCertificate.FromFiles(cert, key, Timeout.InfiniteTimeSpan, NullLogger.Instance);
        Assert.Equal(first.Thumbprint, serving.Current.Thumbprint);

        var second = Write(cert, key, "second.example");
        serving.ReloadIfChanged();
        Assert.Equal(second.Thumbprint, serving.Current.Thumbprint);

        File.WriteAllText(cert, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n");
        serving.ReloadIfChanged();
        Assert.Equal(second.Thumbprint, serving.Current.Thumbprint);
    }

    [Fact]
    public void A_secret_volume_swap_through_symlinks_is_seen()
    {
        // Kubernetes mounts Secrets as tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/, and swaps ..data.
        var v1 = Directory.CreateDirectory(Path.Combine(_directory, "..v1")).FullName;
        var v2 = Directory.CreateDirectory(Path.Combine(_directory, "..v2")).FullName;
        var first = Write(Path.Combine(v1, "tls.crt"), Path.Combine(v1, "tls.key"), "first.example");
        var second = Write(Path.Combine(v2, "tls.crt"), Path.Combine(v2, "tls.key"), "second.example");
        var data = Path.Combine(_directory, "..data");
        Directory.CreateSymbolicLink(data, v1);
        var (cert, key) = (Path.Combine(_directory, "tls.crt"), Path.Combine(_directory, "tls.key"));
        File.CreateSymbolicLink(cert, Path.Combine("..data", "tls.crt"));
        File.CreateSymbolicLink(key, Path.Combine("..data", "tls.key"));
        using var serving = ServingCertificate.FromFiles(cert, key, Timeout.InfiniteTimeSpan, NullLogger.Instance);
        Assert.Equal(first.Thumbprint, serving.Current.Thumbprint);

        var swap = Path.Combine(_directory, "..data_tmp");
        Directory.CreateSymbolicLink(swap, v2);
        // rename(2) over the old link, as the kubelet's atomic writer does; .NET's File.Move refuses directory links.
        using (var mv = System.Diagnostics.Process.Start("mv", ["-Tf", swap, data])) mv.WaitForExit();
        serving.ReloadIfChanged();

        Assert.Equal(second.Thumbprint, serving.Current.Thumbprint);
    }

    private static X509Certificate2 Write(string certPath, string keyPath, string name)
    {
        var certificate = CertificateFactory.CreateServer([name], null, TimeSpan.FromDays(1));
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportECPrivateKeyPem());
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        return certificate;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
