using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Headroom.Adapter.Tls;

namespace Headroom.Adapter.Auth;

/// <summary>
/// Authenticates client certificates as Kubernetes apiservers do: the chain must end at a trusted client CA
/// and the leaf must allow client authentication; the user is the subject's CN, the groups its O values.
/// </summary>
public sealed class ClientCertificateAuthenticator(TrustedCertificates trustedRoots, TimeProvider time)
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string CommonNameOid = "2.5.4.3";
    private const string OrganizationOid = "2.5.4.10";

    // Kestrel gives each connection one certificate object; caching per object verifies a chain once per
    // connection instead of once per request, and entries go away with the connection. A verdict holds only for
    // the CA bundle that gave it, so a reloaded bundle is asked again.
    private readonly ConditionalWeakTable<X509Certificate2, Verdict> _verified = new();

    /// <summary>The user the certificate proves, or null when it is not trusted.</summary>
    public UserInfo? Authenticate(X509Certificate2 certificate)
    {
        var roots = trustedRoots.Current;
        if (!_verified.TryGetValue(certificate, out var verdict) || verdict.Roots != roots)
        {
            verdict = new Verdict(roots, Verify(certificate, roots));
            _verified.AddOrUpdate(certificate, verdict);
        }
        var user = verdict.User;
        // A cached verdict must not outlive the certificate.
        return user is not null && time.GetUtcNow() <= certificate.NotAfter ? user : null;
    }

    private UserInfo? Verify(X509Certificate2 certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain { ChainPolicy = ClientCertificatePolicy.Offline(roots, time.GetUtcNow().UtcDateTime) };
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthOid));
        if (!chain.Build(certificate)) return null;

        // The user is the subject's common name and nothing else, as the kube-apiserver reads it (the last CN, as Go's
        // pkix.Name keeps it): a fallback to another field would let a certificate without a CN name itself by its O.
        var name = Values(certificate, CommonNameOid).LastOrDefault();
        if (string.IsNullOrEmpty(name)) return null;
        return new UserInfo(name, Values(certificate, OrganizationOid).Where(g => g.Length > 0).ToArray());
    }

    private static IEnumerable<string> Values(X509Certificate2 certificate, string oid) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames(reversed: false)
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            .Select(rdn => rdn.GetSingleElementValue() ?? "");

    private sealed record Verdict(X509Certificate2Collection Roots, UserInfo? User);
}
