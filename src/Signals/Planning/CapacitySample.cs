namespace Headroom.Signals.Planning;

/// <summary>One ready replica's readings over one cycle, as the capacity estimator reads them.</summary>
/// <param name="PromptTokensPerSecond">Prompt tokens it prefilled per second over the cycle.</param>
/// <param name="GenerationTokensPerSecond">Tokens it generated per second over the cycle.</param>
/// <param name="DutyCycle">Share of the cycle its GPUs ran kernels, when known.</param>
/// <param name="Waiting">
/// Requests waiting in its engine at both ends of the cycle (the fewer of the two counts): a queue that lasted the cycle.
/// </param>
/// <param name="KvCache">Share of its KV cache in use, when known.</param>
/// <param name="BusyPrefill">
/// Prompt tokens it prefilled per second and its duty cycle, both averaged over the last minute: engines count a
/// prompt whole when its prefill ends, so over one cycle the tokens and the busy time that computed them can fall
/// apart, and only over several do they meet. Null without a duty cycle or a prompt counter.
/// </param>
public readonly record struct CapacitySample(double PromptTokensPerSecond, double GenerationTokensPerSecond, double? DutyCycle,
    double Waiting, double? KvCache, (double PromptTokensPerSecond, double DutyCycle)? BusyPrefill = null);
