using Headroom.Serving.History;
using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Serving.Tests.History;

/// <summary>The live page's history: what a snapshot adds, what is kept, what is forgotten, and following a store.</summary>
public sealed class SignalHistoryTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private static readonly WorkloadSpec Code = new() { Name = "code", Namespace = "llm", Selector = "app=code" };
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    private static ReplicaDecision Decision(double demand, int desired, ForecastBand? band = null) =>
        new(2, 1, 20000, 2000, true, false, demand * 4, demand, 100, 5000, 0, demand * 1.1, band is null ? "last-value" : "holt", 30,
            1, 1, desired, 1, 0, desired, desired, desired, "decode")
        { ForecastBand = band };

    private static WorkloadSignals Observed(WorkloadSpec spec, DateTimeOffset at, double demand, ReplicaDecision? decision = null, double? queue = 3)
    {
        var values = new MetricValues();
        values.Set(CatalogMetric.QueueDepth, queue);
        values.Set(CatalogMetric.KvCacheUtilization, 0.4);
        values.Set(CatalogMetric.GpuDutyCycle, 0.8);
        return new WorkloadSignals(spec, at, null, values, [], decision ?? Decision(demand, 3));
    }

    private static SignalSnapshot Snapshot(DateTimeOffset at, params WorkloadSignals[] workloads) => new(at, workloads);

    [Fact]
    public void A_point_carries_the_decision_and_the_values_as_published_and_missing_stays_missing()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        var band = new ForecastBand(900, 1000, 1200);
        history.Record(Snapshot(Start, Observed(Chat, Start, 1000, Decision(1000, 4, band), queue: null)));

        var point = Assert.Single(Assert.Single(history.After(null)).Points);
        Assert.Equal(new HistoryPoint(Start, 4000, 1000, 1100, 900, 1000, 1200, 30, 2, 1, 4, null, 0.4, 0.8), point);
    }

    [Fact]
    public void The_roles_of_one_workload_have_histories_of_their_own_named_by_role()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        var prefill = Chat with { Role = new WorkloadRole("prefill", WorkloadRole.LlmdRoleLabel, "prefill") };
        var decode = Chat with { Role = new WorkloadRole("decode", WorkloadRole.LlmdRoleLabel, "decode") };
        history.Record(Snapshot(Start, Observed(prefill, Start, 10, Decision(10, 5)), Observed(decode, Start, 1000, Decision(1000, 2)), Observed(Code, Start, 7)));

        var workloads = history.After(null);

        Assert.Equal([("chat", "prefill", 5), ("chat", "decode", 2), ("code", null, 3)],
            workloads.Select(w => (w.Workload, w.Role, Assert.Single(w.Points).Desired!.Value)));
    }

    [Fact]
    public void A_point_is_timed_to_the_millisecond_as_a_browser_reads_it()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        var at = Start.AddTicks(1_234_5678);
        history.Record(Snapshot(at, Observed(Chat, at, 1)));

        Assert.Equal(Start.AddMilliseconds(1234), Assert.Single(Assert.Single(history.After(null)).Points).At);
    }

    [Fact]
    public void A_workload_without_a_decision_keeps_its_ready_pods_and_no_demand()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        var undecided = new WorkloadSignals(Chat, Start, null, new MetricValues(), [], null);
        history.Record(Snapshot(Start, undecided));

        var point = Assert.Single(Assert.Single(history.After(null)).Points);
        Assert.Equal((0, null, null, null), (point.Ready, point.Demand, point.Forecast, point.Queue));
    }

    [Fact]
    public void One_point_per_step_of_the_resolution_and_none_older_than_the_window()
    {
        var history = new SignalHistory(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));
        // Every 2 s for 3 minutes: the steps are 5 s long, so 2 or 3 cycles fall in each and only the first is kept.
        for (var s = 0; s <= 180; s += 2)
        {
            var at = Start.AddSeconds(s);
            history.Record(Snapshot(at, Observed(Chat, at, s)));
        }

        var points = Assert.Single(history.After(null)).Points;
        var times = points.Select(p => (p.At - Start).TotalSeconds).ToArray();
        // The last minute, from 120 s, at the first cycle of each 5 s step: 120, 126, 130, 136, ...
        Assert.Equal(120, times[0]);
        Assert.Equal(180, times[^1]);
        Assert.Equal(13, times.Length);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 4, 6));
        Assert.Equal(times.Select(t => (long)t / 5), times.Select(t => (long)t / 5).Distinct());
    }

    [Fact]
    public void After_answers_only_newer_points_in_the_snapshots_order_of_workloads()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        for (var s = 0; s < 30; s += 5)
        {
            var at = Start.AddSeconds(s);
            history.Record(Snapshot(at, Observed(Code, at, s), Observed(Chat, at, s)));
        }

        var answer = history.After(Start.AddSeconds(15));
        Assert.Equal(["code", "chat"], answer.Select(w => w.Workload));
        Assert.All(answer, w => Assert.Equal([20.0, 25.0], w.Points.Select(p => (p.At - Start).TotalSeconds)));
        Assert.All(history.After(Start.AddSeconds(25)), w => Assert.Empty(w.Points));
    }

    [Fact]
    public void A_failing_workload_adds_no_point_so_its_chart_shows_a_gap_not_a_repeated_value()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        history.Record(Snapshot(Start, Observed(Chat, Start, 100)));
        // Last-known-good values, still observed at Start, with the source's error.
        var failing = Observed(Chat, Start, 100) with { LastError = "connection refused" };
        for (var s = 5; s < 60; s += 5) history.Record(Snapshot(Start.AddSeconds(s), failing));
        history.Record(Snapshot(Start.AddSeconds(60), WorkloadSignals.NotYetObserved(Code), failing));

        Assert.Single(history.After(null).Single(w => w.Workload == "chat").Points);
        Assert.Empty(history.After(null).Single(w => w.Workload == "code").Points);
    }

    [Fact]
    public void A_workload_no_longer_published_is_forgotten()
    {
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        history.Record(Snapshot(Start, Observed(Chat, Start, 1), Observed(Code, Start, 1)));
        var later = Start.AddSeconds(5);
        history.Record(Snapshot(later, Observed(Code, later, 2)));
        history.Record(Snapshot(later.AddSeconds(5), Observed(Chat, later.AddSeconds(5), 3), Observed(Code, later.AddSeconds(5), 3)));

        var chat = history.After(null).Single(w => w.Workload == "chat");
        Assert.Equal([3.0], chat.Points.Select(p => p.Demand!.Value));
    }

    [Fact]
    public void The_resolution_must_be_positive_and_within_the_window()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalHistory(TimeSpan.FromHours(1), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalHistory(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Following_a_store_records_what_was_published_before_and_after_it_started()
    {
        var store = new SnapshotStore();
        store.Publish(Snapshot(Start, Observed(Chat, Start, 1)));
        var history = new SignalHistory(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5));
        using var stop = new CancellationTokenSource();
        var following = history.FollowAsync(store, stop.Token);

        for (var s = 5; s <= 15; s += 5)
        {
            var at = Start.AddSeconds(s);
            store.Publish(Snapshot(at, Observed(Chat, at, s)));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Assert.Single(history.After(null)).Points.Count < s / 5 + 1 && DateTime.UtcNow < deadline) await Task.Delay(10);
        }

        Assert.Equal([1.0, 5, 10, 15], Assert.Single(history.After(null)).Points.Select(p => p.Demand!.Value));
        await stop.CancelAsync();
        await following.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
