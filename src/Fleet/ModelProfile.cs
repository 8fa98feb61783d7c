namespace Headroom.Fleet;

/// <summary>
/// One replica's inference engine: decode step time as a function of batch size, chunked prefill, batch and
/// KV-cache limits. The equations are in docs/simulator.md.
/// </summary>
/// <param name="Name">Profile name, for reports.</param>
/// <param name="GpusPerReplica">GPUs one replica holds (tensor parallelism); GPU-hours count them.</param>
/// <param name="DecodeStepBaseMs">t0: one decode iteration's time that does not grow with the batch (reading the weights).</param>
/// <param name="DecodeStepPerSequenceMs">t1: what each sequence in the batch adds to an iteration (its KV-cache reads and compute).</param>
/// <param name="PrefillTokensPerSecond">Rp: prompt tokens per second of GPU time spent on prefill (compute-bound).</param>
/// <param name="PrefillChunkTokens">Most prompt tokens one iteration takes (chunked prefill's token budget).</param>
/// <param name="MaxBatch">Most sequences running at once (vLLM max_num_seqs).</param>
/// <param name="KvCacheTokens">Tokens the KV cache holds.</param>
public sealed record ModelProfile(
    string Name,
    int GpusPerReplica,
    double DecodeStepBaseMs,
    double DecodeStepPerSequenceMs,
    double PrefillTokensPerSecond,
    int PrefillChunkTokens,
    int MaxBatch,
    long KvCacheTokens)
{
    /// <summary>
    /// Whether the engine keeps prompts' KV blocks for later prompts that begin the same way (vLLM's automatic prefix
    /// caching, on by default in its V1 engine): it matters only for requests whose prompt blocks a trace gives.
    /// </summary>
    public bool PrefixCaching { get; init; } = true;

    /// <summary>
    /// An 8B dense model (Llama 3.1 8B class, BF16) on one H100 80GB with vLLM. Estimates from the
    /// memory-bandwidth and compute roofline; see docs/simulator.md.
    /// </summary>
    public static ModelProfile Llama8BH100 { get; } = new("llama-8b-h100", 1, 7.0, 0.12, 25_000, 8_192, 256, 400_000);

    /// <summary>A 70B dense model (Llama 3.1 70B class, BF16) on four H100 80GB (tensor parallel 4) with vLLM; estimates.</summary>
    public static ModelProfile Llama70BH100 { get; } = new("llama-70b-h100x4", 4, 14.0, 0.25, 12_000, 8_192, 256, 400_000);

    /// <summary>The stock profiles, by name.</summary>
    public static IReadOnlyDictionary<string, ModelProfile> Presets { get; } = new Dictionary<string, ModelProfile>(StringComparer.Ordinal)
    {
        [Llama8BH100.Name] = Llama8BH100,
        [Llama70BH100.Name] = Llama70BH100,
    };

    /// <summary>Seconds of one iteration that decodes <paramref name="batch"/> sequences and prefills <paramref name="prefillTokens"/> prompt tokens.</summary>
    public double IterationSeconds(int batch, double prefillTokens) =>
        (DecodeStepBaseMs + DecodeStepPerSequenceMs * batch) / 1000 + prefillTokens / PrefillTokensPerSecond;

    /// <summary>Prompt tokens one iteration takes while prompts are waiting: the chunk budget left after one token per decoding sequence.</summary>
    public double ChunkTokens(int batch) => Math.Max(1, PrefillChunkTokens - batch);

    /// <summary>Generated tokens per second at a full batch with no prefill: the most one replica can decode.</summary>
    public double PeakDecodeTokensPerSecond => MaxBatch / IterationSeconds(MaxBatch, 0);
}
