using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Planning;

/// <summary>
/// The dispatch factor learned from the engines' waiting by Little's law. A fleet of 8 replicas, each prefilling
/// 25,000 tokens/s alone, is given 50,000 prompt tokens/s (a prefill load of 2) in prompts of index 4,000 tokens
/// (2,000-token prompts, exponentially spread), 25 requests/s, one cycle every 2 s. Every factor up to the largest
/// keeps the load the model counts below the replicas, so each predicts a different waiting.
/// </summary>
public sealed class DispatchEstimatorTests
{
    private const int Replicas = 8;
    private const double Prompt = 50_000, Sizes = 4_000, Prefill = 25_000, Requests = 25;
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(2);

    // Requests waiting on average, by Little's law, where prompts wait as the sizing model says with this factor.
    private static double WaitingWith(double factor, int replicas = Replicas, double prompt = Prompt)
    {
        var decay = 2 * (Prefill - prompt / replicas) / Sizes; // one replica's Pollaczek–Khinchine wait decay
        return Requests * ReplicaSizing.ErlangC(replicas, ReplicaSizing.DispatchLoad(replicas, factor) * prompt / Prefill) / decay;
    }

    private static DispatchEstimator Run(Func<int, double> waiting, int cycles, int replicas = Replicas, double prompt = Prompt)
    {
        var estimator = new DispatchEstimator(ReplicaSizing.DispatchLoadFactor);
        for (var i = 0; i < cycles; i++) estimator.Observe(replicas, prompt, Sizes, Prefill, Requests, waiting(i), Cycle);
        return estimator;
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(3)]
    [InlineData(3.6)]
    public void Waiting_as_the_model_predicts_it_for_a_factor_is_fitted_to_that_factor(double factor)
    {
        // Half an hour of cycles: the prior's weight in the five-minute window is gone.
        var estimator = Run(_ => WaitingWith(factor), 900);

        Assert.True(estimator.Learned);
        Assert.InRange(estimator.Factor, factor - 0.1, factor + 0.1);
    }

    [Fact]
    public void Waiting_that_comes_and_goes_is_fitted_on_its_average()
    {
        // Little's law holds for the mean: twice the waiting every other cycle and none in between is the same fleet.
        var estimator = Run(i => i % 2 == 0 ? 2 * WaitingWith(3) : 0, 900);

        Assert.InRange(estimator.Factor, 2.9, 3.1);
    }

    [Fact]
    public void The_prior_moves_by_the_weight_of_what_is_seen_not_to_the_first_cycle()
    {
        // One cycle with no request waiting, where the model expects some: the factor leaves the prior by little.
        var one = Run(_ => 0, 1);
        Assert.True(one.Learned);
        Assert.InRange(one.Factor, 1.9, ReplicaSizing.DispatchLoadFactor);

        // Half an hour of none: the least factor the model allows.
        Assert.Equal(1, Run(_ => 0, 900).Factor);
    }

    [Fact]
    public void A_factor_learned_before_stands_for_what_was_seen_then()
    {
        var restored = new DispatchEstimator(ReplicaSizing.DispatchLoadFactor);
        restored.RestoreLearned(3.25);
        Assert.True(restored.Learned);
        Assert.Equal(3.25, restored.ExportLearned());

        // One cycle of no waiting moves it by that cycle's weight, as it would the prior.
        restored.Observe(Replicas, Prompt, Sizes, Prefill, Requests, 0, Cycle);
        Assert.InRange(restored.Factor, 3.1, 3.25);

        // Outside the fitted range, or none at all: the prior stays, unlearned.
        foreach (var bad in new double?[] { null, 0.5, 9, double.NaN })
        {
            var estimator = new DispatchEstimator(ReplicaSizing.DispatchLoadFactor);
            estimator.RestoreLearned(bad);
            Assert.False(estimator.Learned);
            Assert.Null(estimator.ExportLearned());
        }
    }

    [Fact]
    public void More_waiting_than_the_largest_factor_explains_is_held_at_it()
    {
        Assert.Equal(4, Run(_ => 10 * WaitingWith(4), 900).Factor);
    }

    [Theory]
    [InlineData(1, Prompt / 8)] // one replica has no choice to get wrong
    [InlineData(Replicas, 8 * Prefill)] // at or past the fleet's prefill capacity, requests wait whatever the dispatch
    [InlineData(Replicas, 100)] // a trickle: the model expects no waiting worth counting at any factor
    public void A_fleet_that_says_nothing_about_its_dispatch_leaves_the_prior(int replicas, double prompt)
    {
        var estimator = Run(_ => 3, 900, replicas, prompt);

        Assert.False(estimator.Learned);
        Assert.Equal(ReplicaSizing.DispatchLoadFactor, estimator.Factor);
    }
}
