namespace Headroom.Sim.Peers.Aibrix;

/// <summary>AIBrix's scale-down cooldown: the largest recommendation within the window is applied, so scale-down waits it out.</summary>
internal sealed class ScaleDownCooldown(TimeSpan window)
{
    private readonly Queue<(double At, int Replicas)> _recent = new();

    public int Apply(double now, int recommended)
    {
        _recent.Enqueue((now, recommended));
        while (_recent.Peek().At < now - window.TotalSeconds) _recent.Dequeue();
        return _recent.Max(r => r.Replicas);
    }
}
