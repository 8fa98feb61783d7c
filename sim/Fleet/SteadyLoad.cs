using Headroom.Fleet;
using MathNet.Numerics.Distributions;

namespace Headroom.Sim.Fleet;

/// <summary>
/// Steady Poisson traffic on a warm fleet of fixed size: what a replica count serves, with no controller in the way.
/// The sizing model's calibration (bench <c>sizing-calibration</c>) and its test measure the fleet with it.
/// </summary>
public static class SteadyLoad
{
    private const double WarmUp = 60;
    private const double Step = 0.1;

    /// <summary>
    /// The share of requests that met <paramref name="ttft"/> seconds over thirty minutes of <paramref name="perSecond"/>
    /// arrivals drawn from <paramref name="mix"/> on <paramref name="replicas"/> warm replicas of <paramref name="spec"/>'s
    /// model; the first minute is warm-up, and prompts longer than <paramref name="attainablePrompt"/> tokens are not
    /// counted (their own prefill exceeds the objective on any fleet).
    /// </summary>
    public static double Attainment(FleetSpec spec, IReadOnlyList<(int Prompt, int Output)> mix, double perSecond, int replicas, double ttft,
        double attainablePrompt, int seed)
    {
        var outcomes = new Outcomes(ttft, attainablePrompt);
        // The step model, on which the sizing calibration was measured (docs/benchmarks.md).
        var fleet = (spec with { Timing = FleetTiming.Steps }).Build(outcomes, replicas);
        var random = new Random(seed);
        var gaps = new Exponential(perSecond, random);
        var next = gaps.Sample();
        for (var step = 0; step < 18_000; step++)
        {
            var t = step * Step;
            while (next < t + Step)
            {
                var (prompt, output) = mix[random.Next(mix.Count)];
                fleet.Arrive(new SimRequest(next, prompt, output), t);
                next += gaps.Sample();
            }
            fleet.Step(t, Step);
        }
        return outcomes.Attainment;
    }

    private sealed class Outcomes(double ttft, double attainablePrompt) : IRequestSink
    {
        private int _met;
        private int _counted;

        public double Attainment => _counted == 0 ? 1 : (double)_met / _counted;

        public void Completed(double arrival, double started, double firstToken, double finished, int promptTokens, int outputTokens)
        {
            if (arrival < WarmUp || promptTokens > attainablePrompt) return;
            _counted++;
            if (firstToken - arrival <= ttft) _met++;
        }

        public void Dropped(double arrival, double at, int promptTokens)
        {
            if (arrival >= WarmUp && promptTokens <= attainablePrompt) _counted++;
        }
    }
}
