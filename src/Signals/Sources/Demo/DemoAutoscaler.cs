namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// The demo fleet's own deliberately simple autoscaler, so that pods come and go for Headroom to watch:
/// replicas for served plus queued demand at 75% of capacity, up at once, down only after stabilization.
/// </summary>
internal sealed class DemoAutoscaler(DemoWorkload workload, TimeSpan stabilization)
{
    private const double TargetUtilization = 0.75;

    // Queued requests count as demand that should be served within this time.
    private const double QueueDrainSeconds = 20;

    private readonly Queue<(double At, int Replicas)> _recent = new();

    /// <summary>Replicas for this demand, in generated tokens per second plus requests waiting anywhere.</summary>
    public int Desired(double servedTokensPerSecond, int queuedRequests)
    {
        // The controller cannot know future output lengths, so queued work is sized by the mean.
        var demand = servedTokensPerSecond + queuedRequests * workload.OutputTokens.Mean / QueueDrainSeconds;
        var desired = (int)Math.Ceiling(demand / (workload.Model.PeakDecodeTokensPerSecond * TargetUtilization));
        return Math.Clamp(desired, workload.MinReplicas, workload.MaxReplicas);
    }

    /// <summary>The replica count to run now; <paramref name="now"/> is in seconds and must not go backwards.</summary>
    public int Target(double now, double servedTokensPerSecond, int queuedRequests, int current)
    {
        var desired = Desired(servedTokensPerSecond, queuedRequests);
        _recent.Enqueue((now, desired));
        while (_recent.Peek().At < now - stabilization.TotalSeconds)
        {
            _recent.Dequeue();
        }
        return desired >= current ? desired : Math.Min(current, _recent.Max(r => r.Replicas));
    }
}
