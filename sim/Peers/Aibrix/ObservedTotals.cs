namespace Headroom.Sim.Peers.Aibrix;

/// <summary>The metric's total over ready pods at each tick, kept for a window, averaged as Knative's windows average.</summary>
internal sealed class ObservedTotals(TimeSpan longest)
{
    private readonly Queue<(double At, double Total)> _samples = new();

    public void Add(double at, double total)
    {
        _samples.Enqueue((at, total));
        while (_samples.Count > 0 && _samples.Peek().At <= at - longest.TotalSeconds) _samples.Dequeue();
    }

    /// <summary>The mean of the samples within <paramref name="window"/> before <paramref name="now"/>; 0 with none.</summary>
    public double Average(double now, TimeSpan window)
    {
        double sum = 0;
        var count = 0;
        foreach (var (at, total) in _samples)
        {
            if (at <= now - window.TotalSeconds) continue;
            sum += total;
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }
}
