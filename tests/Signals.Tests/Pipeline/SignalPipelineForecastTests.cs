using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Sources;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>
/// The fitted forecast in the pipeline, on a compressed clock: a 2 s step (one cycle), 2 minutes of history
/// before a fit, and a lead of 4 s cold start + 2 s HPA sync + 2 s interval = 8 s, 4 steps.
/// </summary>
public sealed class SignalPipelineForecastTests
{
    private const string Chat = "chat";
    private static readonly string[] Fitted = ["naive", "seasonal-naive", "ewma", "ewma-h", "holt", "holt-winters-add", "holt-winters-mul", "seasonal-change-day", "seasonal-change-week"];
    private static readonly WorkloadSpec Spec = new()
    {
        Name = Chat,
        Namespace = "ml",
        TokensPerSecondPerReplica = 100,
        ColdStartPrior = TimeSpan.FromSeconds(4),
    };

    private static SignalOptions Options(double quantile = 0.9) => new()
    {
        HpaSyncPeriod = TimeSpan.FromSeconds(2),
        Forecast = new ForecastOptions
        {
            Step = TimeSpan.FromSeconds(2),
            History = TimeSpan.FromMinutes(30),
            MinHistory = TimeSpan.FromMinutes(2),
            Holdout = TimeSpan.FromMinutes(1),
            FitWindow = TimeSpan.FromMinutes(10),
            Quantile = quantile,
            RefitInterval = TimeSpan.FromMinutes(5),
        },
    };

    private readonly double[] _counters = new double[2];

    // Both pods serve perPod tokens/s over the next 2 s cycle.
    private async Task<WorkloadSignals> CycleAsync(PipelineRig rig, double perPod)
    {
        for (var i = 0; i < _counters.Length; i++) _counters[i] += 2 * perPod;
        return await rig.CycleAsync(Chat, 0, Pod("a", _counters[0]), Pod("b", _counters[1]));
    }

    [Fact]
    public async Task The_online_forecast_serves_until_a_refit_then_the_fitted_model_forecasts_a_rise_ahead()
    {
        var rig = new PipelineRig(Options(), Spec);
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle < 50; cycle++) w = await CycleAsync(rig, 100 + cycle);
        Assert.Equal("last-value", w.Decision!.ForecastModel);
        Assert.Equal(w.Decision.Demand, w.Decision.ForecastDemand, 9); // the last value, until a model is fitted
        Assert.Equal(8, w.Decision.LeadTimeSeconds, 9);

        // 50 cycles (100 s) is less than the 2 minutes of history required: nothing is fitted.
        Assert.Equal(0, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));
        for (var cycle = 50; cycle < 200; cycle++) w = await CycleAsync(rig, 100 + cycle);
        Assert.Equal(1, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));

        w = await CycleAsync(rig, 300);
        var d = w.Decision!;
        Assert.Contains(d.ForecastModel, Fitted);
        // Demand rises by 2 tokens/s (two pods) per 2 s step; 4 steps ahead is about 8 tokens/s more, and
        // the p90 adds the spread of held-out errors on top.
        Assert.True(d.ForecastDemand > d.Demand, $"forecast {d.ForecastDemand} <= demand {d.Demand}");
        Assert.True(d.ForecastDemand < d.Demand + 40, $"forecast {d.ForecastDemand} far above demand {d.Demand}");
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.3)]
    public async Task A_fitted_forecast_carries_its_band_between_the_served_quantile_and_the_opposite_one(double quantile)
    {
        var rig = new PipelineRig(Options(quantile), Spec);
        // Demand that no method forecasts exactly, so that held-out errors have a spread.
        static double Noisy(int cycle) => 200 + (cycle * 7919 % 41) - 20;
        WorkloadSignals w = null!;
        for (var cycle = 0; cycle < 150; cycle++) w = await CycleAsync(rig, Noisy(cycle));
        Assert.Equal("last-value", w.Decision!.ForecastModel);
        Assert.Null(w.Decision.ForecastBand); // no band until a model is fitted

        Assert.Equal(1, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));
        for (var cycle = 150; cycle < 160; cycle++)
        {
            var d = (await CycleAsync(rig, Noisy(cycle))).Decision!;
            Assert.Contains(d.ForecastModel, Fitted);
            var band = Assert.IsType<ForecastBand>(d.ForecastBand);
            Assert.True(band.Low < band.High, $"band {band.Low} to {band.High} has no width");
            // The served forecast is the edge on its own side of the median.
            Assert.Equal(quantile > 0.5 ? band.High : band.Low, d.ForecastDemand, 9);
        }
    }

    [Fact]
    public async Task A_forecast_of_falling_demand_never_takes_replicas_below_the_reactive_need()
    {
        var rig = new PipelineRig(Options(quantile: 0.5), Spec);
        for (var cycle = 0; cycle < 150; cycle++) await CycleAsync(rig, 1000 - 3 * cycle);
        Assert.Equal(1, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));

        var below = 0;
        for (var cycle = 150; cycle < 200; cycle++)
        {
            var d = (await CycleAsync(rig, 1000 - 3 * cycle)).Decision!;
            Assert.Contains(d.ForecastModel, Fitted);
            if (d.ForecastDemand < d.Demand) below++;
            // A falling forecast never takes a replica from what demand now needs.
            Assert.True(d.ForDecode >= (int)Math.Ceiling(d.Demand / (d.DecodeCapacityPerReplica * 0.8) - 1e-9));
        }
        Assert.True(below > 40, $"the fitted forecast was below demand on only {below} of 50 cycles");
    }

    [Fact]
    public async Task Refits_are_spread_by_the_refit_interval_and_stop_at_the_budget()
    {
        var rig = new PipelineRig(Options(), Spec, Spec with { Name = "code" });
        double a = 0;
        for (var cycle = 0; cycle < 120; cycle++)
        {
            a += 200;
            rig.Observe("code", 0, Pod("c", a));
            await CycleAsync(rig, 100);
        }

        Assert.Equal(0, rig.Pipeline.RefitForecasts(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(2, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.Equal(0, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));
        // Without a wall-time budget (the simulator's rounds), every due workload is refitted, on the clock's schedule.
        Assert.Equal(0, rig.Pipeline.RefitForecasts(null, CancellationToken.None));
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, rig.Pipeline.RefitForecasts(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_warm_start_from_stored_history_forecasts_from_the_first_cycle()
    {
        var rig = new PipelineRig(Options(), Spec);
        rig.Time.UtcNow = new DateTimeOffset(2026, 3, 1, 12, 0, 1, TimeSpan.FromHours(0)).AddMilliseconds(500);
        var history = new StoredHistory(_ => 400);

        await rig.Pipeline.WarmStartAsync(history, CancellationToken.None);
        Assert.Equal(1, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));

        // History is asked for up to the start of the step being filled, 12:00:00, for the 30 minutes kept.
        var (start, end, step) = Assert.Single(history.Requests);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), end);
        Assert.Equal(end - TimeSpan.FromMinutes(30), start);
        Assert.Equal(TimeSpan.FromSeconds(2), step);

        var w = await CycleAsync(rig, 10);
        Assert.Null(w.Decision);                           // the first reading has no rate yet
        w = await CycleAsync(rig, 10);
        Assert.Contains(w.Decision!.ForecastModel, Fitted);
        Assert.Equal(400, w.Decision.ForecastDemand, 1.0); // the stored 400 tokens/s, not the live 20
    }

    [Fact]
    public async Task A_history_that_cannot_be_read_leaves_the_online_forecast()
    {
        var rig = new PipelineRig(Options(), Spec);
        var history = new StoredHistory(_ => throw new HttpRequestException("connection refused"));

        await rig.Pipeline.WarmStartAsync(history, CancellationToken.None);

        Assert.Equal(0, rig.Pipeline.RefitForecasts(TimeSpan.FromSeconds(30), CancellationToken.None));
        await CycleAsync(rig, 10);
        Assert.Equal("last-value", (await CycleAsync(rig, 10)).Decision!.ForecastModel);
    }

    /// <summary>A source that keeps history: one value per step, from a function of the step's index.</summary>
    private sealed class StoredHistory(Func<int, double> valueAt) : IDemandHistorySource
    {
        public List<(DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)> Requests { get; } = [];

        public Task<IReadOnlyList<(DateTimeOffset StepStart, double Value)>?> LoadDemandAsync(
            WorkloadSpec workload, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            Requests.Add((start, end, step));
            var count = (int)((end - start) / step);
            IReadOnlyList<(DateTimeOffset, double)> points = Enumerable.Range(0, count).Select(i => (start + step * i, valueAt(i))).ToArray();
            return Task.FromResult<IReadOnlyList<(DateTimeOffset, double)>?>(points);
        }
    }
}
