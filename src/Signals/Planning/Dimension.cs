namespace Headroom.Signals.Planning;

/// <summary>What a replica count was sized for: the reason a decision carries.</summary>
public enum Dimension
{
    /// <summary>No demand in any dimension: the workload's floor.</summary>
    Idle,
    /// <summary>Prompt tokens to prefill within the time-to-first-token objective.</summary>
    Prefill,
    /// <summary>GPU time for prefill and decode together.</summary>
    Compute,
    /// <summary>Tokens to generate.</summary>
    Decode,
    /// <summary>Tokens held in KV caches.</summary>
    KvCache,
    /// <summary>Requests already waiting, drained within the workload's drain target.</summary>
    Queue,
    /// <summary>A larger count from earlier in the stabilization window, held so that a burst that recurs finds its replicas.</summary>
    Held,
}

/// <summary>How dimensions are named where people read them: /debug/workloads, own metrics, the replay timeline.</summary>
public static class DimensionLabels
{
    /// <summary>The dimension's name in kebab case, such as kv-cache.</summary>
    public static string Label(this Dimension dimension) => dimension switch
    {
        Dimension.Idle => "idle",
        Dimension.Prefill => "prefill",
        Dimension.Compute => "compute",
        Dimension.Decode => "decode",
        Dimension.KvCache => "kv-cache",
        Dimension.Queue => "queue",
        Dimension.Held => "held",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };
}
