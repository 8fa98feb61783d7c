using Headroom.Adapter.Hosting;

namespace Headroom.Adapter.Tests.Support;

/// <summary>Options for adapters that tests start: every port is picked free, so tests never collide with each other or with a running demo.</summary>
public static class TestAdapterOptions
{
    /// <summary>The demo fleet, its kubeconfig written into the test's directory.</summary>
    public static AdapterOptions Demo(string directory) => new()
    {
        Demo = true,
        SecurePort = 0,
        MetricsPort = 0,
        GrpcPort = 0,
        DemoKubeconfig = Path.Combine(directory, "demo.kubeconfig"),
    };

    /// <summary>A configured adapter on loopback.</summary>
    public static AdapterOptions Loopback() => new()
    {
        SecurePort = 0,
        MetricsPort = 0,
        GrpcPort = 0,
        BindAddress = System.Net.IPAddress.Loopback,
        // Tests that do not test KEDA's authentication say so, as a deployment would have to.
        KedaAllowUnauthenticated = true,
    };
}
