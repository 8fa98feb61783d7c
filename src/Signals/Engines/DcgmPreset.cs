namespace Headroom.Signals.Engines;

/// <summary>
/// GPU duty cycle from the NVIDIA DCGM exporter, whose series carry the <c>namespace</c> and <c>pod</c>
/// of the container using the GPU. The profiling metric (graphics engine active, a ratio) is more
/// accurate where the GPU supports it; the classic utilisation percentage is the fallback.
/// </summary>
public static class DcgmPreset
{
    /// <summary>Duty cycle candidates; a pod with several GPUs gets their mean.</summary>
    public static ReadingSource GpuDutyCycle { get; } = ReadingSource.Of(
        new SeriesRef("DCGM_FI_PROF_GR_ENGINE_ACTIVE"),
        new SeriesRef("DCGM_FI_DEV_GPU_UTIL", 0.01));
}
