namespace Headroom.Signals.Planning;

/// <summary>What the ready replicas of a workload reported in one cycle, summed, as the demand meter reads it.</summary>
/// <param name="PromptTokensPerSecond">
/// Prompt tokens prefilled per second over the cycle, unsmoothed: on a replica that reports its prefix cache, only
/// those the cache did not answer.
/// </param>
/// <param name="GenerationTokensPerSecond">Tokens generated per second over the cycle, unsmoothed.</param>
/// <param name="Waiting">Requests waiting for a batch slot: engine queues plus the gateway's.</param>
/// <param name="Running">Requests in running batches (prefilling or decoding).</param>
/// <param name="KvCacheShares">The replicas' KV-cache use added up (each 0 to 1), smoothed as the KV dimension is sized on it.</param>
/// <param name="RequestsFinishedPerSecond">Requests finished per second, over the replicas that count them.</param>
/// <param name="PromptTokensOfCountingPerSecond">Prompt tokens prefilled per second by those same replicas: over the finished requests, the mean prompt's.</param>
/// <param name="InFlightChange">
/// Requests waiting or running now less a cycle ago, added up over the replicas ready both times (a replica new to
/// the sum brings all of its own, which it did not have before it was ready; one that left takes none away, since its
/// requests finish or fail without the rest of the fleet seeing them). Negative when backlogs drain.
/// </param>
/// <param name="WaitingChange">Requests waiting now less a cycle ago, counted the same way, the gateway's queue included.</param>
/// <param name="KvCacheSharesNow">
/// The replicas' KV-cache use as last read, unsmoothed: of the same instant as <paramref name="Running"/>, so the two
/// give the KV tokens of a running request. Null when the caller has one reading for both.
/// </param>
/// <param name="PromptTokensCachedPerSecond">
/// Prompt tokens per second the replicas' prefix caches answered, left out of <paramref name="PromptTokensPerSecond"/>;
/// null when no replica reported its prefix cache over the cycle.
/// </param>
public readonly record struct DemandReading(double PromptTokensPerSecond, double GenerationTokensPerSecond, double Waiting, double Running,
    double KvCacheShares, double RequestsFinishedPerSecond = 0, double PromptTokensOfCountingPerSecond = 0, double InFlightChange = 0,
    double WaitingChange = 0, double? KvCacheSharesNow = null, double? PromptTokensCachedPerSecond = null);
