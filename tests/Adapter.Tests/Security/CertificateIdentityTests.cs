using System.Net;
using Headroom.Adapter.Tls;
using static Headroom.Adapter.Tests.Security.PresentedCertificates;

namespace Headroom.Adapter.Tests.Security;

/// <summary>
/// The attack: a certificate from the trusted client CA, but without a common name, whose organization is
/// system:masters. The kube-apiserver names a certificate's user by its CN only, so this one is nobody.
/// </summary>
public sealed class CertificateIdentityTests
{
    private const string Discovery = "/apis/custom.metrics.k8s.io/v1beta2";

    [Fact]
    public async Task A_certificate_without_a_common_name_is_not_authenticated_by_its_other_fields()
    {
        var ca = CertificateFactory.CreateAuthority("client-ca", TimeSpan.FromDays(1));
        await using var adapter = await StartTrustingAsync(ca);

        using (var nameless = new HttpClient(Presenting(Issue(ca, "O=system:masters, OU=admins, E=root@example.com"))) { BaseAddress = adapter.SecureUrl })
        using (var response = await nameless.GetAsync(Discovery))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var named = new HttpClient(Presenting(Issue(ca, "CN=alice, O=system:masters"))) { BaseAddress = adapter.SecureUrl })
        using (var response = await named.GetAsync(Discovery))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
