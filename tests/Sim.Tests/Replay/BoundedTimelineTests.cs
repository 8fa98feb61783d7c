using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

public sealed class BoundedTimelineTests
{
    private static TimelineRow Row(int sync) => new(15.0 * sync, sync, 10 * sync, null, null, null, sync % 5, sync % 7, 0, 0, sync % 3, 1, null, null,
        Completed: 2, Dropped: sync % 2, TtftMean: 0.1 * sync, TtftMax: 0.2 * sync, PromptTokensPerSecond: 1, BoundBy: null, ForecastModel: null,
        SloMissed: sync % 3);

    [Fact]
    public void Past_its_cap_rows_merge_in_pairs_and_still_cover_the_whole_run()
    {
        var timeline = new BoundedTimeline(cap: 8);
        for (var sync = 1; sync <= 100; sync++) timeline.Add(Row(sync));

        // 100 syncs: after 8 rows of 1, 8 of 2 and 8 of 4 fill up, rows cover 16 syncs each: 7 rows, the last partial.
        Assert.Equal(16, timeline.SyncsPerRow);
        Assert.Equal(7, timeline.Rows.Count);
        Assert.Equal(1500, timeline.Rows[^1].TimeSeconds);
        Assert.Equal(15 * 16, timeline.Rows[0].TimeSeconds);
        Assert.Equal(200, timeline.Rows.Sum(r => r.Completed));
        Assert.Equal(50, timeline.Rows.Sum(r => r.Dropped));
        Assert.Equal(Enumerable.Range(1, 100).Sum(s => s % 3), timeline.Rows.Sum(r => r.SloMissed));
        // Rates are averaged over the syncs merged: syncs 1..16 arrived at 1..16 per second, 8.5 on average.
        Assert.Equal(8.5, timeline.Rows[0].ArrivalsPerSecond, 9);
        // Levels keep the largest, TTFT means are weighted by completions.
        Assert.Equal(6, timeline.Rows[0].Ready);
        Assert.Equal(3.2, timeline.Rows[0].TtftMax!.Value, 9);
        Assert.Equal(0.85, timeline.Rows[0].TtftMean!.Value, 9);
    }

    [Fact]
    public void Below_its_cap_every_sync_is_a_row()
    {
        var timeline = new BoundedTimeline(cap: 8);
        for (var sync = 1; sync <= 8; sync++) timeline.Add(Row(sync));
        Assert.Equal(Enumerable.Range(1, 8).Select(Row), timeline.Rows);
    }
}
