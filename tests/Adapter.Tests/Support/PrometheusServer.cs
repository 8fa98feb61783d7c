using System.Diagnostics;
using Headroom.Signals.Configuration;
using Headroom.Tests.Shared;

namespace Headroom.Adapter.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's package) on loopback with its own temporary config and data directory;
/// never the system service. It can be stopped and started again on the same port and data.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-prometheus-").FullName;
    private readonly string _retention;
    private Process? _process;

    /// <param name="scrapeConfigs">YAML of the scrape_configs list.</param>
    /// <param name="scrapeInterval">The global scrape interval.</param>
    /// <param name="retention">How long the TSDB keeps data; longer than any history a test backfills.</param>
    public PrometheusServer(string scrapeConfigs, string scrapeInterval = "1s", string retention = "1h")
    {
        _retention = retention;
        Port = FreePort.Next();
        File.WriteAllText(Path.Combine(_directory, "prometheus.yml"), $"""
            global:
              scrape_interval: {scrapeInterval}
              scrape_timeout: 900ms
              evaluation_interval: 1s
            scrape_configs:
            {scrapeConfigs}
            """);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>The Prometheus source's options for this server, pods and namespaces under their usual labels.</summary>
    public PrometheusOptions SourceOptions() =>
        new(Url, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), "pod", "namespace");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"--config.file={Path.Combine(_directory, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
            $"--web.listen-address=127.0.0.1:{Port}",
            $"--storage.tsdb.retention.time={_retention}",
            "--log.level=warn",
        }) start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/-/ready"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("prometheus did not become ready within 30 s");
    }

    /// <summary>
    /// Writes stored history before start, as an operator backfills: promtool turns OpenMetrics text (with
    /// timestamps, ending in # EOF) into TSDB blocks in the data directory.
    /// </summary>
    public async Task BackfillAsync(string openMetrics)
    {
        var input = Path.Combine(_directory, "backfill.om");
        await File.WriteAllTextAsync(input, openMetrics);
        var start = new ProcessStartInfo("/usr/bin/promtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "tsdb", "create-blocks-from", "openmetrics", input, Path.Combine(_directory, "data") }) start.ArgumentList.Add(arg);
        using var promtool = Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var error = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        if (promtool.ExitCode != 0) throw new InvalidOperationException($"promtool failed ({promtool.ExitCode}): {await error}{await output}");
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
