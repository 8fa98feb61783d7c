using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;

namespace Headroom.Signals.Tests.Snapshots;

public class AggregateTests
{
    [Fact]
    public void Sum_adds_every_value()
    {
        Assert.Equal(6.5, Aggregate.Combine(Aggregation.Sum, [1, 2.5, 3]));
    }

    [Fact]
    public void Sum_with_any_value_missing_is_missing()
    {
        Assert.Null(Aggregate.Combine(Aggregation.Sum, [1, null, 3]));
        Assert.Null(Aggregate.Combine(Aggregation.Sum, [null, 1]));
    }

    [Fact]
    public void Mean_ignores_missing_values()
    {
        Assert.Equal(2, Aggregate.Combine(Aggregation.Mean, [1, null, 3]));
    }

    [Fact]
    public void Max_ignores_missing_values()
    {
        Assert.Equal(3, Aggregate.Combine(Aggregation.Max, [null, -1, 3, null]));
    }

    [Fact]
    public void Max_of_negative_values_is_the_largest_of_them()
    {
        Assert.Equal(-2, Aggregate.Combine(Aggregation.Max, [-5, -2, -9]));
    }

    [Theory]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Mean)]
    [InlineData(Aggregation.Max)]
    public void All_missing_is_missing(Aggregation aggregation)
    {
        Assert.Null(Aggregate.Combine(aggregation, [null, null]));
    }

    [Theory]
    [InlineData(Aggregation.Sum)]
    [InlineData(Aggregation.Mean)]
    [InlineData(Aggregation.Max)]
    public void Nothing_at_all_is_missing_not_zero(Aggregation aggregation)
    {
        Assert.Null(Aggregate.Combine(aggregation, []));
    }

    // Added one at a time, a sum stays missing once a value was: what follows must not make it a partial sum.
    [Fact]
    public void An_accumulated_sum_stays_missing_after_a_missing_value_whatever_follows()
    {
        var sum = new Aggregate.Accumulator(Aggregation.Sum);
        Assert.True(sum.Add(1));
        Assert.False(sum.Add(null));
        Assert.False(sum.Add(2));

        Assert.Null(sum.Result);
    }

    [Fact]
    public void An_accumulated_mean_counts_only_the_values_present()
    {
        var mean = new Aggregate.Accumulator(Aggregation.Mean);
        foreach (var value in new double?[] { null, 1, null, 4 }) Assert.True(mean.Add(value));

        Assert.Equal(2.5, mean.Result);
    }
}
