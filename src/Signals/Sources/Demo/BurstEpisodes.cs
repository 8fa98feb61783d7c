using MathNet.Numerics.Distributions;

namespace Headroom.Signals.Sources.Demo;

/// <summary>Draws a workload's burst episodes as time passes and tells the rate multiplier in force.</summary>
internal sealed class BurstEpisodes
{
    private readonly DemoBursts? _bursts;
    private readonly Random _random;
    private double _nextStart;
    private double _end = double.NegativeInfinity;
    private double _factor = 1;

    public BurstEpisodes(DemoBursts? bursts, Random random)
    {
        _bursts = bursts;
        _random = random;
        _nextStart = bursts is null ? double.PositiveInfinity : Exponential.Sample(random, 1 / bursts.MeanInterval.TotalSeconds);
    }

    /// <summary>The multiplier at <paramref name="seconds"/> since the fleet started; times must not go backwards.</summary>
    public double FactorAt(double seconds)
    {
        while (_bursts is not null && seconds >= _nextStart)
        {
            _factor = ContinuousUniform.Sample(_random, _bursts.MinFactor, _bursts.MaxFactor);
            _end = _nextStart + ContinuousUniform.Sample(_random, _bursts.MinDuration.TotalSeconds, _bursts.MaxDuration.TotalSeconds);
            _nextStart = _end + Exponential.Sample(_random, 1 / _bursts.MeanInterval.TotalSeconds);
        }
        return seconds < _end ? _factor : 1;
    }
}
