using Headroom.Signals.Sources;

namespace Headroom.Signals.Tests.Support;

/// <summary>Short ways to write the pod readings that a scripted source returns.</summary>
public static class Readings
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>A pod reading; every engine field not given is null (not reported), except the queues, which are empty.</summary>
    public static PodReading Pod(string name, double? generation, double? prompt = null, double? waiting = 0,
        double? running = 0, double? kvCache = null, double? duty = null, bool ready = true, string? node = null) =>
        new(name, NoLabels, node, ready, new EngineReading(generation, prompt, waiting, running, kvCache, duty));

    /// <summary>The start-up timeline of a pod created at <paramref name="created"/> with the given phase lengths in seconds.</summary>
    public static PodLifecycle Lifecycle(string name, DateTimeOffset created, double scheduling, double pullAndInit, double modelLoad)
    {
        var scheduled = created.AddSeconds(scheduling);
        var initialized = scheduled.AddSeconds(pullAndInit);
        var ready = initialized.AddSeconds(modelLoad);
        return new PodLifecycle(name, created, scheduled, initialized, ready, ready);
    }
}
