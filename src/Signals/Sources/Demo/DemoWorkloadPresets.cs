using Headroom.Fleet;

namespace Headroom.Signals.Sources.Demo;

/// <summary>
/// The stock demo workloads, with numbers in the range of vLLM on H100-class GPUs. Their engines are smaller and
/// slower than the simulator's presets, so that a few requests per second keep several replicas busy and the KV
/// cache is seen filling.
/// </summary>
internal static class DemoWorkloadPresets
{
    /// <summary>
    /// An ~8B chat model: short chatty outputs, moderate prompts with history. One stream decodes at
    /// ~160 tok/s (an iteration of 5.8 + 0.365 ms); a full batch of 64 at ~2,200 tok/s.
    /// </summary>
    public static DemoWorkload Chat { get; } = new()
    {
        Name = "chat",
        BaseRequestsPerSecond = 10,
        DiurnalAmplitude = 0.6,
        Bursts = new DemoBursts(
            MeanInterval: TimeSpan.FromSeconds(120),
            MinFactor: 2,
            MaxFactor: 3,
            MinDuration: TimeSpan.FromSeconds(10),
            MaxDuration: TimeSpan.FromSeconds(40)),
        PromptTokens = new LogNormal(Mean: 600, Sigma: 0.9, Min: 16, Max: 8_192),
        OutputTokens = new LogNormal(Mean: 200, Sigma: 0.8, Min: 4, Max: 2_048),
        Model = new ModelProfile("demo-chat", GpusPerReplica: 1, DecodeStepBaseMs: 5.8, DecodeStepPerSequenceMs: 0.365,
            PrefillTokensPerSecond: 30_000, PrefillChunkTokens: 8_192, MaxBatch: 64, KvCacheTokens: 65_536),
        ColdStart = new DemoColdStart(
            Scheduling: new LogNormal(Mean: 5, Sigma: 0.6, Min: 1, Max: 30),
            ImagePullAndInit: new LogNormal(Mean: 50, Sigma: 0.5, Min: 15, Max: 150),
            ModelLoadAndWarmUp: new LogNormal(Mean: 70, Sigma: 0.4, Min: 30, Max: 200)),
        MinReplicas = 1,
        MaxReplicas = 8,
        TokensPerSecondPrior = 2_000,
    };

    /// <summary>
    /// A ~15B code model: long prompts (files as context), longer outputs, frequent and sharper bursts
    /// (CI jobs, batch refactors). One stream decodes at ~105 tok/s (8.9 + 0.56 ms); a full batch of 32 at ~1,200 tok/s.
    /// </summary>
    public static DemoWorkload Code { get; } = new()
    {
        Name = "code",
        BaseRequestsPerSecond = 2.5,
        DiurnalAmplitude = 0.7,
        Bursts = new DemoBursts(
            MeanInterval: TimeSpan.FromSeconds(45),
            MinFactor: 2,
            MaxFactor: 4,
            MinDuration: TimeSpan.FromSeconds(10),
            MaxDuration: TimeSpan.FromSeconds(40)),
        PromptTokens = new LogNormal(Mean: 1_800, Sigma: 0.8, Min: 128, Max: 16_384),
        OutputTokens = new LogNormal(Mean: 320, Sigma: 1.0, Min: 8, Max: 4_096),
        Model = new ModelProfile("demo-code", GpusPerReplica: 1, DecodeStepBaseMs: 8.9, DecodeStepPerSequenceMs: 0.56,
            PrefillTokensPerSecond: 20_000, PrefillChunkTokens: 8_192, MaxBatch: 32, KvCacheTokens: 131_072),
        ColdStart = new DemoColdStart(
            Scheduling: new LogNormal(Mean: 6, Sigma: 0.7, Min: 1, Max: 40),
            ImagePullAndInit: new LogNormal(Mean: 60, Sigma: 0.5, Min: 20, Max: 160),
            ModelLoadAndWarmUp: new LogNormal(Mean: 90, Sigma: 0.4, Min: 40, Max: 200)),
        MinReplicas = 1,
        MaxReplicas = 8,
        TokensPerSecondPrior = 1_300,
    };
}
