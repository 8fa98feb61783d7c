namespace Headroom.Signals.Sources.Demo;

/// <summary>One replica of a demo workload: its identity, placement, start-up timeline and engine.</summary>
internal sealed class SimulatedPod(string name, int nodeIndex, PodTimeline timeline, BatchingEngine engine)
{
    // Before the pod is ready its metrics endpoint is not scraped, so nothing is reported.
    private static readonly EngineReading Unreported = new(null, null, null, null, null, null);

    public string Name { get; } = name;

    public int NodeIndex { get; } = nodeIndex;

    public PodTimeline Timeline { get; } = timeline;

    public BatchingEngine Engine { get; } = engine;

    public PodReading Read(DateTimeOffset now, IReadOnlyDictionary<string, string> labels)
    {
        var ready = Timeline.IsReadyAt(now);
        var engine = ready
            ? new EngineReading(
                GenerationTokensTotal: Math.Floor(Engine.GenerationTokensTotal),
                PromptTokensTotal: Math.Floor(Engine.PromptTokensTotal),
                RequestsWaiting: Engine.Waiting,
                RequestsRunning: Engine.Running,
                KvCacheUsage: Engine.KvCacheUsage,
                GpuDutyCycle: Engine.DutyCycle)
            : Unreported;
        return new PodReading(Name, labels, NodePool.NodeName(NodeIndex), ready, engine);
    }
}
