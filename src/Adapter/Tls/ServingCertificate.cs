using System.Security.Cryptography.X509Certificates;

namespace Headroom.Adapter.Tls;

/// <summary>
/// The certificate Kestrel presents, chosen per handshake. From files it is reloaded when they change,
/// so a rotated certificate (cert-manager, a renewed Secret) is served without a restart.
/// </summary>
public sealed class ServingCertificate : IDisposable
{
    private readonly string? _certFile;
    private readonly string? _keyFile;
    private readonly ILogger _logger;
    private readonly Timer? _timer;
    private string _loadedStamp = "";
    private volatile X509Certificate2 _current;

    private ServingCertificate(X509Certificate2 certificate, string? certFile, string? keyFile, TimeSpan pollInterval, ILogger logger)
    {
        _current = certificate;
        _certFile = certFile;
        _keyFile = keyFile;
        _logger = logger;
        if (certFile is not null)
        {
            _loadedStamp = Stamp();
            _timer = new Timer(_ => ReloadIfChanged(), null, pollInterval, pollInterval);
        }
    }

    /// <summary>The certificate to present now.</summary>
    public X509Certificate2 Current => _current;

    /// <summary>A certificate that never changes (self-signed or generated).</summary>
    public static ServingCertificate Fixed(X509Certificate2 certificate, ILogger logger) =>
        new(certificate, null, null, Timeout.InfiniteTimeSpan, logger);

    /// <summary>Loads PEM files and watches them for changes.</summary>
    /// <exception cref="InvalidOperationException">The files cannot be read or do not hold a certificate and its key.</exception>
    public static ServingCertificate FromFiles(string certFile, string keyFile, TimeSpan pollInterval, ILogger logger) =>
        new(Load(certFile, keyFile), certFile, keyFile, pollInterval, logger);

    /// <summary>Checks the files now and swaps in a changed certificate; a broken replacement keeps the old one.</summary>
    public void ReloadIfChanged()
    {
        string stamp;
        try
        {
            stamp = Stamp();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "Serving certificate files cannot be read; keeping the current certificate");
            return;
        }
        if (stamp == _loadedStamp) return;
        try
        {
            _current = Load(_certFile!, _keyFile!);
            _loadedStamp = stamp;
            _logger.LogInformation("Reloaded serving certificate from {CertFile}; subject {Subject}, expires {NotAfter:o}",
                _certFile, _current.Subject, _current.NotAfter);
        }
        catch (InvalidOperationException ex)
        {
            // A half-written pair is normal during rotation; the next poll will see the finished files.
            _logger.LogWarning(ex, "Serving certificate files changed but could not be loaded; keeping the current certificate");
        }
    }

    private string Stamp() => FileStamp.Of(_certFile!, _keyFile!);

    private static X509Certificate2 Load(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"cannot load TLS certificate {certFile} with key {keyFile}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
