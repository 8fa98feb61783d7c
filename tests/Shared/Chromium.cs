using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Headroom.Tests.Shared;

// Headless Chromium (Debian's chromium), shared by the simulator's report check and the live page's: loads a page
// (a file, data or an HTTPS address, trusting exactly the given server key), lets its timers and fetches run for a
// virtual-time budget, and returns the DOM then and the console messages Chromium logged. scripts/test.sh installs
// it; without it the tests that need it are skipped.
internal static class Chromium
{
    public static string? Path { get; } = Find();

    public static (string Dom, IReadOnlyList<string> Console) Load(string url, X509Certificate2? server = null, TimeSpan? budget = null)
    {
        var profile = Directory.CreateTempSubdirectory("headroom-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var args = new List<string>
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
                $"--user-data-dir={profile}", $"--virtual-time-budget={(int)(budget ?? TimeSpan.FromSeconds(4)).TotalMilliseconds}", "--dump-dom",
            };
            // The demo's serving certificate is signed by its own CA, which Chromium does not know: trust this one key only.
            if (server is not null) args.Add($"--ignore-certificate-errors-spki-list={Convert.ToBase64String(SHA256.HashData(server.PublicKey.ExportSubjectPublicKeyInfo()))}");
            args.Add(url);
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 2 minutes");
            }
            var console = stderr.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
            return (stdout.Result, console);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string? Find()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}

// A fact that runs only where Chromium is installed, and says so when it is not.
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = "chromium is not on PATH; scripts/test.sh installs it with apt-get (Debian package chromium), which failed or was not run";
    }
}
