using System.Runtime.CompilerServices;
using Headroom.Sim.Fleet;

namespace Headroom.Sim.Replay;

/// <summary>
/// The GPU-hours of a policy that knows the future and starts replicas instantly: each window gets exactly the
/// replicas whose GPU time covers the work arriving in it at best efficiency (prompts at the prefill rate, outputs
/// at the full-batch decode cost), ⌈work / window⌉, and none when nothing arrives. No real policy that serves
/// every request spends less.
/// </summary>
internal sealed class Oracle(ModelProfile model, double windowSeconds = 60)
{
    private readonly List<double> _work = [];
    private readonly double _peakDecode = model.PeakDecodeTokensPerSecond;

    /// <summary>Adds one arriving request's work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: left to the JIT, not precompiled (see sim's project file).
    public void Add(double arrival, int prompt, int output)
    {
        var index = (int)(arrival / windowSeconds);
        while (_work.Count <= index) _work.Add(0);
        _work[index] += model.MinimumGpuSeconds(prompt, output, _peakDecode);
    }

    /// <summary>The oracle's replica-seconds over arrivals that end at <paramref name="end"/>: the last window is cut there.</summary>
    public double ReplicaSeconds(double end)
    {
        var total = 0.0;
        for (var i = 0; i < _work.Count; i++)
        {
            var length = Math.Clamp(end - i * windowSeconds, 0, windowSeconds);
            // A window cut to nothing (arrivals exactly at the end) still owes its work.
            total += length > 0 ? Math.Ceiling(_work[i] / length - 1e-12) * length : _work[i];
        }
        return total;
    }

    /// <summary>The oracle's GPU-hours over a run that ends at <paramref name="end"/>.</summary>
    public double GpuHours(double end) => ReplicaSeconds(end) * model.GpusPerReplica / 3600;
}
