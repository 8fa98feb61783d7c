using Headroom.Fleet;

namespace Headroom.Signals.Sources.Demo;

/// <summary>One replica of a demo workload as Kubernetes and its scrape would show it: a node, a DCGM duty cycle, its conditions.</summary>
internal sealed class DemoPod(Replica replica, int nodeIndex)
{
    // DCGM-style duty cycle is averaged over a few seconds so one idle step does not read as an idle GPU.
    private const double DutySmoothingSeconds = 3;

    // Before the pod is ready its metrics endpoint is not scraped, so nothing is reported.
    private static readonly EngineReading Unreported = new(null, null, null, null, null, null);

    private double _busySeconds;
    private double _generated;
    private double _dutyCycle;

    public Replica Replica { get; } = replica;

    public int NodeIndex { get; } = nodeIndex;

    /// <summary>Reads what the engine did in the last <paramref name="seconds"/> and returns the tokens it generated.</summary>
    public double Advance(double seconds)
    {
        var busy = Math.Min(1, (Replica.BusySeconds - _busySeconds) / seconds);
        _busySeconds = Replica.BusySeconds;
        _dutyCycle += (busy - _dutyCycle) * (1 - Math.Exp(-seconds / DutySmoothingSeconds));
        var generated = Replica.GenerationTokensTotal - _generated;
        _generated = Replica.GenerationTokensTotal;
        return generated;
    }

    public PodReading Read(double now, IReadOnlyDictionary<string, string> labels, string engineVersion)
    {
        var ready = Replica.ReadyAt <= now;
        var engine = ready
            ? new EngineReading(
                GenerationTokensTotal: Math.Floor(Replica.GenerationTokensTotal),
                PromptTokensTotal: Math.Floor(Replica.PromptTokensTotal),
                RequestsWaiting: Replica.Waiting,
                RequestsRunning: Replica.Running,
                KvCacheUsage: Replica.KvCacheUsage,
                GpuDutyCycle: _dutyCycle,
                RequestsFinishedTotal: Replica.RequestsFinishedTotal,
                PrefixCacheQueriesTotal: Math.Floor(Replica.PrefixCacheQueriesTotal),
                PrefixCacheHitsTotal: Math.Floor(Replica.PrefixCacheHitsTotal))
            : Unreported;
        return new PodReading(Replica.Name, labels, NodePool.NodeName(NodeIndex), ready, engine) { EngineVersion = engineVersion };
    }
}
