using System.Net;
using Headroom.Tests.Shared;

namespace Headroom.Signals.Tests.Support;

/// <summary>An HttpListener started on a free loopback port, for the test stand-ins that answer as an API server.</summary>
public sealed class LoopbackHttpListener : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackHttpListener()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
    }

    public int Port { get; }

    public Task<HttpListenerContext> GetContextAsync() => _listener.GetContextAsync();

    // Close alone: Stop then Close releases the prefixes twice, and the second release binds the port again on Linux
    // ("Address already in use" once a parallel test has taken the freed port).
    public void Dispose() => _listener.Close();
}
