using Headroom.Forecast.Live;

namespace Headroom.Forecast.Tests.Live;

public sealed class DemandHistoryTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Samples_within_a_step_are_averaged_and_the_step_closes_when_a_later_one_arrives()
    {
        var history = new DemandHistory(Minute, 10);
        history.Add(T0.AddSeconds(5), 100);
        history.Add(T0.AddSeconds(35), 300);
        Assert.Equal(0, history.Count);

        history.Add(T0.AddSeconds(65), 50);

        Assert.Equal([200.0], history.ToArray());
        Assert.Equal(T0.AddMinutes(1), history.EndTime);
    }

    [Fact]
    public void Skipped_steps_are_gaps_not_zero_and_bad_or_late_samples_are_ignored()
    {
        var history = new DemandHistory(Minute, 10);
        history.Add(T0, 10);
        history.Add(T0.AddMinutes(3), 40);
        history.Add(T0.AddMinutes(2), 999);          // late: its step has already passed
        history.Add(T0.AddMinutes(3.5), double.NaN);
        history.Add(T0.AddMinutes(3.5), -5);
        history.Add(T0.AddMinutes(4), 0);

        var values = history.ToArray();
        Assert.Equal(4, values.Length);
        Assert.Equal(10, values[0]);
        Assert.True(double.IsNaN(values[1]) && double.IsNaN(values[2]));
        Assert.Equal(40, values[3]);
        Assert.Equal(2, history.Observed);
    }

    [Fact]
    public void Only_the_most_recent_capacity_steps_are_kept()
    {
        var history = new DemandHistory(Minute, 5);
        for (var i = 0; i <= 12; i++) history.Add(T0.AddMinutes(i), i);

        Assert.Equal([7.0, 8, 9, 10, 11], history.ToArray());
        Assert.Equal(5, history.Observed);
        Assert.Equal([10.0, 11], history.Tail(history.End - 2));
    }

    [Fact]
    public void Backfill_fills_before_the_live_steps_and_never_overwrites_them()
    {
        var history = new DemandHistory(Minute, 100);
        history.Add(T0.AddMinutes(10), 1000);
        history.Add(T0.AddMinutes(11), 2000);    // minute 10 closed live; minute 11 is being filled

        // Stored history for minutes 0..11; minute 4 missing. Minutes 10 and 11 are live and must win.
        history.Backfill(Enumerable.Range(0, 12).Where(m => m != 4).Select(m => (T0.AddMinutes(m), (double)m)));

        var values = history.ToArray();
        Assert.Equal(11, values.Length);
        Assert.Equal(T0.AddMinutes(11), history.EndTime);
        Assert.Equal([0.0, 1, 2, 3], values[..4]);
        Assert.True(double.IsNaN(values[4]));
        Assert.Equal([5.0, 6, 7, 8, 9, 1000], values[5..]);

        history.Add(T0.AddMinutes(12), 0);
        Assert.Equal(2000, history.ToArray()[^1]);
    }

    [Fact]
    public void Backfill_before_any_live_sample_ends_where_the_stored_history_ends_and_live_steps_follow()
    {
        var history = new DemandHistory(Minute, 100);
        history.Backfill(Enumerable.Range(0, 5).Select(m => (T0.AddMinutes(m), 1.0)));
        history.Add(T0.AddMinutes(7), 3);
        history.Add(T0.AddMinutes(8), 4);

        var values = history.ToArray();
        Assert.Equal(8, values.Length);
        Assert.True(double.IsNaN(values[5]) && double.IsNaN(values[6]));
        Assert.Equal(3, values[7]);
    }
}
