using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Headroom.Adapter.Tls;

/// <summary>Creates the certificates a server needs when none are given: a CA, serving and client certificates.</summary>
public static class CertificateFactory
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>A self-signed certificate authority.</summary>
    public static X509Certificate2 CreateAuthority(string commonName, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);
    }

    /// <summary>A serving certificate for the given DNS names and IP addresses, signed by the authority (or itself when none).</summary>
    public static X509Certificate2 CreateServer(IEnumerable<string> names, X509Certificate2? authority, TimeSpan lifetime)
    {
        var all = names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in all)
        {
            if (IPAddress.TryParse(name, out var ip)) san.AddIpAddress(ip);
            else san.AddDnsName(name);
        }
        return CreateLeaf($"CN={all.FirstOrDefault() ?? "localhost"}", ServerAuthOid, san.Build(), authority, lifetime);
    }

    /// <summary>A client certificate for a user and its groups (the subject's CN and O values), signed by the authority.</summary>
    public static X509Certificate2 CreateClient(string user, IEnumerable<string> groups, X509Certificate2 authority, TimeSpan lifetime)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups) subject.AddOrganizationName(group);
        subject.AddCommonName(user);
        return CreateLeaf(subject.Build().Name, ClientAuthOid, null, authority, lifetime);
    }

    private static X509Certificate2 CreateLeaf(string subject, string usageOid, X509Extension? san, X509Certificate2? authority, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        if (san is not null) request.CertificateExtensions.Add(san);
        var now = DateTimeOffset.UtcNow;
        if (authority is null) return request.CreateSelfSigned(now.AddMinutes(-5), now + lifetime);

        var notAfter = now + lifetime < authority.NotAfter ? now + lifetime : authority.NotAfter;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }
}
