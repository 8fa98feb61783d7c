using System.Net;
using System.Net.Sockets;

namespace Headroom.Tests.Shared;

internal static class FreePort
{
    /// <summary>A loopback port that was free a moment ago, for processes that need a port named up front.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
