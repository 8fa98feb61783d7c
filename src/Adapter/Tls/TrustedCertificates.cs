using System.Security.Cryptography.X509Certificates;

namespace Headroom.Adapter.Tls;

/// <summary>
/// A CA bundle that verifies client certificates. From a file it is reloaded when the file's content changes, as
/// the kube-apiserver reloads its client and request-header CA files: a CA rotated out (because its key leaked)
/// stops authenticating without a restart, and a new one starts.
/// </summary>
public sealed class TrustedCertificates : IDisposable
{
    private readonly string? _file;
    private readonly ILogger? _logger;
    private readonly Timer? _timer;
    private string _loadedStamp = "";
    private volatile X509Certificate2Collection _current;

    private TrustedCertificates(X509Certificate2Collection current, string? file, TimeSpan pollInterval, ILogger? logger)
    {
        _current = current;
        _file = file;
        _logger = logger;
        if (file is not null)
        {
            _loadedStamp = FileStamp.Of(file);
            _timer = new Timer(_ => ReloadIfChanged(), null, pollInterval, pollInterval);
        }
    }

    /// <summary>The CAs trusted now; a new instance after every reload, so a verdict can be tied to the bundle that gave it.</summary>
    public X509Certificate2Collection Current => _current;

    /// <summary>A bundle that never changes.</summary>
    public static TrustedCertificates Fixed(X509Certificate2Collection cas) => new(cas, null, Timeout.InfiniteTimeSpan, null);

    /// <summary>The bundle as a fixed one.</summary>
    public static implicit operator TrustedCertificates(X509Certificate2Collection cas) => Fixed(cas);

    /// <summary>Loads a PEM bundle and watches it for changes.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or holds no certificate.</exception>
    public static TrustedCertificates FromFile(string file, TimeSpan pollInterval, ILogger logger) => new(Load(file), file, pollInterval, logger);

    /// <summary>Checks the file now and swaps in a changed bundle; an unreadable or empty replacement keeps the current one.</summary>
    public void ReloadIfChanged()
    {
        try
        {
            var stamp = FileStamp.Of(_file!);
            if (stamp == _loadedStamp) return;
            _current = Load(_file!);
            _loadedStamp = stamp;
            _logger?.LogInformation("Reloaded the CA bundle {File}: {Count} certificates", _file, _current.Count);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A half-written file is normal during rotation; the next poll sees the finished one.
            _logger?.LogWarning(ex, "The CA bundle {File} changed but cannot be loaded; keeping the current one", _file);
        }
    }

    private static X509Certificate2Collection Load(string file)
    {
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{file}: {ex.Message}", ex);
        }
        return cas.Count > 0 ? cas : throw new InvalidOperationException($"{file}: holds no PEM certificate");
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}
