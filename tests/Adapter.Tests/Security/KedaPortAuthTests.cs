using Headroom.Adapter.Hosting;
using Headroom.Adapter.Keda;
using Headroom.Adapter.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Security;

/// <summary>The KEDA port is not open to anyone by default: it needs KEDA's CA, or an explicit, logged choice to be open.</summary>
public sealed class KedaPortAuthTests
{
    [Fact]
    public void A_configured_adapter_without_a_KEDA_client_CA_refuses_to_start_unless_told_to_be_open()
    {
        var config = Path.GetTempFileName();
        try
        {
            var closed = new AdapterOptions { ConfigFile = config }.Validate();
            var open = new AdapterOptions { ConfigFile = config, KedaAllowUnauthenticated = true }.Validate();
            var both = new AdapterOptions { ConfigFile = config, KedaAllowUnauthenticated = true, KedaClientCaFile = config }.Validate();

            Assert.Contains(closed, p => p.StartsWith("--keda-client-ca-file is required", StringComparison.Ordinal));
            Assert.DoesNotContain(open, p => p.Contains("keda", StringComparison.Ordinal));
            Assert.Contains(both, p => p.Contains("contradict", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task An_open_KEDA_port_is_announced_with_a_warning_at_start()
    {
        var logs = new CapturingLoggerProvider();
        var directory = Directory.CreateTempSubdirectory("headroom-keda-open-").FullName;
        try
        {
            await using var adapter = await RunningAdapter.StartAsync(TestAdapterOptions.Demo(directory), logging: l => l.AddProvider(logs));

            Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Text.StartsWith(typeof(KedaListener).FullName + ":", StringComparison.Ordinal)
                && l.Text.Contains("accepts clients without a certificate", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
