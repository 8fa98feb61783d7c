using System.Runtime.CompilerServices;

namespace Headroom.Signals.Planning;

/// <summary>
/// Learns what one replica sustains in prefill and decode from the replicas' own counters, starting from a prior.
/// </summary>
/// <remarks>
/// Two kinds of evidence. Lower bounds from the busy replicas: replicas that prefilled p tokens/s in all while their
/// GPUs were busy u in all (each share averaged over the last minute, as engines count a prompt whole when its
/// prefill ends) prefill at least p/u when busy the whole time (decode shares the GPU, so p/u is at most the prefill
/// capacity), and one that generated g tokens/s over a cycle decodes at least g. A bound above the estimate pulls it
/// up with a one-minute time constant, so a prior that is too low is corrected in the first busy minutes while one
/// cycle's outlier cannot set it. And a measurement
/// at saturation, which can also lower the estimate: a replica with requests waiting at both ends of a cycle and a GPU
/// busy throughout (or, without a duty cycle, a KV cache nearly full) spends all its time prefilling and decoding, so
/// p/P + g/D = 1; the dimension with the larger share is measured, the other's time set aside at its current
/// estimate, and the estimate moves toward the measurement, smoothed over minutes. Waiting at one reading is not enough:
/// vLLM V1 counts a prompt queued behind another's prefill chunks as waiting, so a replica with room to spare shows
/// one for a moment whenever two prompts arrive close together; read as saturation, those moments pulled the Azure
/// conv trace's prefill estimate down and its fleet at 4x up by 30% (docs/scaling.md).
/// </remarks>
public sealed partial class CapacityEstimator(ReplicaCapacity prior)
{
    private const double BusyDuty = 0.5;
    private const double SaturatedDuty = 0.97;
    private const double SaturatedKvCache = 0.8;
    private const double MinShare = 0.05;
    private static readonly TimeSpan SaturationWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BoundWindow = TimeSpan.FromMinutes(1);

    /// <summary>The current estimate.</summary>
    public ReplicaCapacity Current { get; private set; } = prior;

    /// <summary>Whether the prefill estimate has moved from the prior.</summary>
    public bool PrefillLearned { get; private set; }

    /// <summary>Whether the decode estimate has moved from the prior.</summary>
    public bool DecodeLearned { get; private set; }

    /// <summary>Reads one cycle's ready replicas, <paramref name="elapsed"/> after the cycle before.</summary>
    public void Observe(ReadOnlySpan<CapacitySample> replicas, TimeSpan elapsed)
    {
        var (prefill, decode) = (Current.PrefillTokensPerSecond, Current.DecodeTokensPerSecond);
        double busyPrefilled = 0, busyDuty = 0, decodeBound = 0, prefillSaturated = 0, decodeSaturated = 0;
        int prefillCount = 0, decodeCount = 0;
        foreach (var r in replicas)
        {
            if (r.BusyPrefill is { DutyCycle: >= BusyDuty } busy)
            {
                busyPrefilled += busy.PromptTokensPerSecond;
                busyDuty += busy.DutyCycle;
            }
            decodeBound = Math.Max(decodeBound, r.GenerationTokensPerSecond);
            if (!Saturated(r)) continue;
            // A saturated replica's time is all prefill and decode: p/P + g/D = 1. The larger share is the one it
            // measures, once the time the other takes (at its current estimate) is set aside.
            var prefillShare = r.PromptTokensPerSecond / prefill;
            var decodeShare = r.GenerationTokensPerSecond / decode;
            if (prefillShare >= decodeShare && r.PromptTokensPerSecond > 0)
            {
                prefillSaturated += r.PromptTokensPerSecond / Math.Max(MinShare, 1 - decodeShare);
                prefillCount++;
            }
            else if (r.GenerationTokensPerSecond > 0)
            {
                decodeSaturated += r.GenerationTokensPerSecond / Math.Max(MinShare, 1 - prefillShare);
                decodeCount++;
            }
        }

        if (prefillCount > 0)
        {
            prefill += Weight(elapsed) * (prefillSaturated / prefillCount - prefill);
            PrefillLearned = true;
        }
        if (decodeCount > 0)
        {
            decode += Weight(elapsed) * (decodeSaturated / decodeCount - decode);
            DecodeLearned = true;
        }
        // A bound moves the estimate up over a minute rather than at once: one cycle's counters can run ahead of its
        // duty cycle (an engine that counts a prompt when its prefill ends), and one outlier must not set capacity.
        // The busy replicas' prefill over their busy time together: each replica's own ratio is a lower bound too, but
        // over a minute it holds only a few long prompts, and the largest of many such noisy ratios would ratchet
        // the estimate up to their noise.
        var prefillBound = busyDuty > 0 ? busyPrefilled / busyDuty : 0;
        if (prefillBound > prefill)
        {
            prefill += BoundWeight(elapsed) * (prefillBound - prefill);
            PrefillLearned = true;
        }
        if (decodeBound > decode)
        {
            decode += BoundWeight(elapsed) * (decodeBound - decode);
            DecodeLearned = true;
        }
        Current = Current with { PrefillTokensPerSecond = prefill, DecodeTokensPerSecond = decode };
    }

    // Requests waited through the cycle while the replica worked flat out: its GPU busy throughout where duty is read,
    // else its KV cache nearly full.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
    private static bool Saturated(CapacitySample r) =>
        r.Waiting > 0 && (r.DutyCycle is { } duty ? duty >= SaturatedDuty : r.KvCache >= SaturatedKvCache);

    // The estimate itself is the smoothed state, so a bound that raised it is where a later measurement starts from.
    private static double Weight(TimeSpan elapsed) => 1 - Math.Exp(-Math.Max(0, elapsed.TotalSeconds) / SaturationWindow.TotalSeconds);

    private static double BoundWeight(TimeSpan elapsed) => 1 - Math.Exp(-Math.Max(0, elapsed.TotalSeconds) / BoundWindow.TotalSeconds);
}
