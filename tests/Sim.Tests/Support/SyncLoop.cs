using Headroom.Sim.Hpa;

namespace Headroom.Sim.Tests.Support;

// Syncs one HPA again and again with a metric that proposes a chosen count: an External metric with an
// AverageValue target of 1, whose proposal is ceil(total / 1) = the total whenever the ratio is outside
// the tolerance. All pods are ready and the scale follows each decision.
internal sealed class SyncLoop(HpaSpec spec, int replicas, HpaControllerOptions? options = null)
{
    public static MetricSpec Demand { get; } = Build.External(averageValue: 1000, name: "demand");

    private readonly HpaController _controller = new(options);

    public HpaHistory History { get; private set; } = HpaHistory.Empty;

    public int Replicas => replicas;

    public static HpaSpec Spec(int min, int max, HpaBehavior? behavior = null) => new(min, max, [Demand], behavior);

    public HpaDecision At(double seconds, int proposing) => Sync(seconds, MetricSample.Total(proposing * 1000L));

    // A sync whose only metric cannot be read.
    public HpaDecision Failing(double seconds) => Sync(seconds, MetricSample.Failed("the metric is unavailable"));

    private HpaDecision Sync(double seconds, MetricSample sample)
    {
        var decision = _controller.Sync(spec, new HpaSyncInput(TimeSpan.FromSeconds(seconds), replicas, Build.Pods(replicas), [sample]), History);
        replicas = decision.DesiredReplicas;
        History = decision.History;
        return decision;
    }
}
