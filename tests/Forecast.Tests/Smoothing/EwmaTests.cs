using Headroom.Forecast.Smoothing;

namespace Headroom.Forecast.Tests.Smoothing;

public class EwmaTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void Has_no_value_before_the_first_sample()
    {
        var ewma = new Ewma(Window);

        Assert.Null(ewma.Value);
    }

    [Fact]
    public void First_sample_is_the_value_whatever_the_elapsed_time()
    {
        var ewma = new Ewma(Window);

        var result = ewma.Update(42, TimeSpan.FromSeconds(3));

        Assert.Equal(42, result);
        Assert.Equal(42, ewma.Value);
    }

    [Fact]
    public void After_one_window_the_average_moves_one_minus_e_to_the_minus_one_of_the_way()
    {
        var ewma = new Ewma(Window);
        ewma.Update(100, TimeSpan.Zero);

        var result = ewma.Update(200, Window);

        // 100 + (1 - e^-1) * (200 - 100) = 163.212...
        Assert.Equal(100 + (1 - Math.Exp(-1)) * 100, result, 9);
        Assert.Equal(163.2120558828558, result, 9);
    }

    [Fact]
    public void Alpha_depends_on_elapsed_time_not_on_the_number_of_samples()
    {
        var twoHalfSteps = new Ewma(Window);
        twoHalfSteps.Update(0, TimeSpan.Zero);
        twoHalfSteps.Update(50, TimeSpan.FromSeconds(5));
        twoHalfSteps.Update(50, TimeSpan.FromSeconds(5));

        var oneFullStep = new Ewma(Window);
        oneFullStep.Update(0, TimeSpan.Zero);
        oneFullStep.Update(50, TimeSpan.FromSeconds(10));

        Assert.Equal(oneFullStep.Value!.Value, twoHalfSteps.Value!.Value, 9);
    }

    [Fact]
    public void Zero_elapsed_does_not_move_the_average()
    {
        var ewma = new Ewma(Window);
        ewma.Update(100, TimeSpan.Zero);

        var result = ewma.Update(1_000_000, TimeSpan.Zero);

        Assert.Equal(100, result);
    }

    [Fact]
    public void Negative_elapsed_does_not_move_the_average()
    {
        var ewma = new Ewma(Window);
        ewma.Update(100, TimeSpan.Zero);

        var result = ewma.Update(1_000_000, TimeSpan.FromSeconds(-5));

        Assert.Equal(100, result);
    }

    [Fact]
    public void A_long_gap_almost_replaces_the_average()
    {
        var ewma = new Ewma(Window);
        ewma.Update(100, TimeSpan.Zero);

        var result = ewma.Update(200, TimeSpan.FromSeconds(100));

        // e^-10 of the old value remains: 200 - 100 * e^-10.
        Assert.Equal(200 - 100 * Math.Exp(-10), result, 9);
    }

    [Fact]
    public void A_non_positive_window_follows_the_latest_sample()
    {
        var ewma = new Ewma(TimeSpan.Zero);
        ewma.Update(100, TimeSpan.Zero);

        var result = ewma.Update(7, TimeSpan.FromSeconds(1));

        Assert.Equal(7, result);
    }

    [Fact]
    public void A_weight_computed_once_moves_the_average_as_its_elapsed_time_does()
    {
        var byTime = new Ewma(Window);
        var byWeight = new Ewma(Window);
        byTime.Update(100, TimeSpan.Zero);
        byWeight.Update(100, Ewma.Weight(TimeSpan.Zero, Window));
        var elapsed = TimeSpan.FromSeconds(2);

        var weight = Ewma.Weight(elapsed, Window);
        byTime.Update(200, elapsed);
        byWeight.Update(200, weight);

        Assert.Equal(1 - Math.Exp(-0.2), weight, 12);
        Assert.Equal(100 + (1 - Math.Exp(-0.2)) * 100, byWeight.Value!.Value, 9);
        Assert.Equal(byTime.Value, byWeight.Value);
    }
}
