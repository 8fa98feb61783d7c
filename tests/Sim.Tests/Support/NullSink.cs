using Headroom.Fleet;

namespace Headroom.Sim.Tests.Support;

/// <summary>A request sink for runs whose request outcomes the test does not read.</summary>
internal sealed class NullSink : IRequestSink
{
    public void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens) { }

    public void Dropped(double arrival, double at, int promptTokens) { }
}
