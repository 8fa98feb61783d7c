namespace Headroom.Signals.Planning;

/// <summary>
/// The dimensions a set of replicas is sized on. A whole workload is sized on all of them; a role of a disaggregated
/// workload on its own: prefill replicas on prompt work, decode replicas on generation and KV use
/// (<see cref="RoleSizing"/>).
/// </summary>
[Flags]
public enum SizedDimensions
{
    /// <summary>Prompt tokens to prefill within the time-to-first-token objective.</summary>
    Prefill = 1,
    /// <summary>GPU time for the work the replicas do.</summary>
    Compute = 2,
    /// <summary>Tokens to generate.</summary>
    Decode = 4,
    /// <summary>Tokens held in KV caches.</summary>
    KvCache = 8,
    /// <summary>Requests already waiting.</summary>
    Queue = 16,
    /// <summary>Every dimension: a workload that prefills and decodes on the same replicas.</summary>
    All = Prefill | Compute | Decode | KvCache | Queue,
    /// <summary>A prefill role: its prompts, their waits and queue, and its share of GPU time (prompt tokens ÷ prefill capacity).</summary>
    PrefillRole = Prefill | Compute | Queue,
    /// <summary>A decode role: the tokens it generates, the KV it holds, and its share of GPU time (generated tokens ÷ decode capacity).</summary>
    DecodeRole = Compute | Decode | KvCache,
}
