using System.Runtime.CompilerServices;
using Headroom.Forecast.Smoothing;

namespace Headroom.Signals.Pipeline;

/// <summary>
/// The weight of a new sample in the pods' smoothed values (<see cref="Ewma.Weight"/> over one window), remembered
/// for the last elapsed time asked: the pods of a cycle are read together, so one exponential serves them all.
/// </summary>
internal sealed class SmoothingWeight(TimeSpan window)
{
    private long _elapsedTicks = long.MinValue;
    private double _weight;

    /// <summary>The window every average weighted here smooths over.</summary>
    public TimeSpan Window => window;

    /// <summary>The weight of a sample taken <paramref name="elapsed"/> after the previous one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // Every pod every cycle; compiled once without a profile (the simulator), it would stay out of line.
    public double Of(TimeSpan elapsed)
    {
        if (elapsed.Ticks != _elapsedTicks)
        {
            _weight = Ewma.Weight(elapsed, window);
            _elapsedTicks = elapsed.Ticks;
        }
        return _weight;
    }
}
