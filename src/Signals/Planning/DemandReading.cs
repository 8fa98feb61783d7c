namespace Headroom.Signals.Planning;

/// <summary>What the ready replicas of a workload reported in one cycle, summed, as the demand meter reads it.</summary>
/// <param name="PromptTokensPerSecond">Prompt tokens prefilled per second over the cycle, unsmoothed.</param>
/// <param name="GenerationTokensPerSecond">Tokens generated per second over the cycle, unsmoothed.</param>
/// <param name="Waiting">Requests waiting for a batch slot: engine queues plus the gateway's.</param>
/// <param name="Running">Requests in running batches (prefilling or decoding).</param>
/// <param name="KvCacheShares">The replicas' KV-cache use added up (each 0 to 1).</param>
/// <param name="RequestsFinishedPerSecond">Requests finished per second, over the replicas that count them.</param>
/// <param name="PromptTokensOfCountingPerSecond">Prompt tokens per second of those same replicas: over the finished requests, the mean prompt.</param>
public readonly record struct DemandReading(double PromptTokensPerSecond, double GenerationTokensPerSecond, double Waiting, double Running,
    double KvCacheShares, double RequestsFinishedPerSecond = 0, double PromptTokensOfCountingPerSecond = 0);
