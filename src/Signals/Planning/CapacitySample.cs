namespace Headroom.Signals.Planning;

/// <summary>One ready replica's readings over one cycle, as the capacity estimator reads them.</summary>
/// <param name="PromptTokensPerSecond">Prompt tokens it prefilled per second over the cycle.</param>
/// <param name="GenerationTokensPerSecond">Tokens it generated per second over the cycle.</param>
/// <param name="DutyCycle">Share of the cycle its GPUs ran kernels, when known.</param>
/// <param name="Waiting">Requests waiting in its engine for a batch slot.</param>
/// <param name="KvCache">Share of its KV cache in use, when known.</param>
public readonly record struct CapacitySample(double PromptTokensPerSecond, double GenerationTokensPerSecond, double? DutyCycle,
    double Waiting, double? KvCache);
