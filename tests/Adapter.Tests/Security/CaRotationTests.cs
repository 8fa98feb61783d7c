using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Auth;
using Headroom.Adapter.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// The attack: a client CA's key leaks and the operator rotates the CA file. Certificates of the old CA must stop
/// authenticating when the file changes, as they would on the kube-apiserver, without waiting for a restart; and a
/// half-written file must not drop the CA in use.
/// </summary>
public sealed class CaRotationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-ca-rotation-").FullName;

    [Fact]
    public void A_rotated_out_CA_stops_authenticating_and_the_new_one_starts_even_on_a_connection_verified_before()
    {
        var leaked = CertificateFactory.CreateAuthority("leaked-ca", TimeSpan.FromDays(1));
        var fresh = CertificateFactory.CreateAuthority("fresh-ca", TimeSpan.FromDays(1));
        var file = Path.Combine(_directory, "client-ca.crt");
        File.WriteAllText(file, leaked.ExportCertificatePem());
        using var trusted = TrustedCertificates.FromFile(file, Timeout.InfiniteTimeSpan, NullLogger.Instance);
        var authenticator = new ClientCertificateAuthenticator(trusted, TimeProvider.System);
        // One object each, as Kestrel keeps one per connection: the verdict cached for it must not outlive the CA.
        var mallory = CertificateFactory.CreateClient("mallory", [UserInfo.SystemMasters], leaked, TimeSpan.FromDays(1));
        var alice = CertificateFactory.CreateClient("alice", [], fresh, TimeSpan.FromDays(1));
        Assert.Equal("mallory", authenticator.Authenticate(mallory)?.Name);
        Assert.Null(authenticator.Authenticate(alice));

        File.WriteAllText(file, "-----BEGIN CERTIFICATE-----\nhalf writ");
        trusted.ReloadIfChanged();
        Assert.Equal("mallory", authenticator.Authenticate(mallory)?.Name);

        File.WriteAllText(file, fresh.ExportCertificatePem());
        trusted.ReloadIfChanged();

        Assert.Null(authenticator.Authenticate(mallory));
        Assert.Equal("alice", authenticator.Authenticate(alice)?.Name);
    }

    [Fact]
    public async Task The_file_is_watched_without_being_asked()
    {
        var first = CertificateFactory.CreateAuthority("first-ca", TimeSpan.FromDays(1));
        var second = CertificateFactory.CreateAuthority("second-ca", TimeSpan.FromDays(1));
        var file = Path.Combine(_directory, "watched.crt");
        File.WriteAllText(file, first.ExportCertificatePem());
        using var trusted = TrustedCertificates.FromFile(file, TimeSpan.FromMilliseconds(50), NullLogger.Instance);

        File.WriteAllText(file, second.ExportCertificatePem());

        await Support.Poll.UntilAsync(() =>
        {
            Assert.Equal(second.Thumbprint, trusted.Current.Single().Thumbprint);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(10));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
