using System.Diagnostics;
using Headroom.Forecast.Backtesting;
using Headroom.Forecast.Live;
using Headroom.Forecast.Models;

namespace Headroom.Bench.Forecast;

/// <summary>
/// CPU cost of keeping fitted forecasters current for many workloads, as the adapter's refit rounds do.
/// Usage: forecast-refit [--series 1000] [--days 7] [--cycles 10] [--refit-per-cycle 17].
/// Reports three costs: the cold fit of every series (no model yet: what an adapter starting with that many
/// workloads pays), the warm refit of every series an hour later (each has a model whose parameters start
/// the searches), and a cycle. A cycle is one forecast step (1 minute): every series gets that step's sample,
/// which advances its model, and the <c>refit-per-cycle</c> longest-unfitted series are chosen and fitted
/// again (17 of 1,000 per minute is every series once an hour, the default refitInterval). Measured as
/// process CPU time, not wall time, because the machine is shared; the work is single-threaded, so CPU time
/// is what one core spends. The baseline, in the same run, is the same choice with only naive and
/// seasonal-naive as candidates.
/// </summary>
public static class RefitCycle
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public static void Run(string[] args)
    {
        var series = Option(args, "--series", 1000);
        var days = Option(args, "--days", 7);
        var cycles = Option(args, "--cycles", 10);
        var perCycle = Option(args, "--refit-per-cycle", 17);
        var length = days * 1440;
        var options = new Headroom.Signals.Pipeline.ForecastOptions().Live();
        var end = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var start = end - Step * length;

        var random = new Random(7);
        var shapes = Enumerable.Range(0, series).Select(_ => new Shape(random)).ToArray();
        LiveForecaster Load(Shape shape)
        {
            var live = new LiveForecaster(options);
            live.Backfill(Enumerable.Range(0, length).Select(i => (start + Step * i, shape.At(i))));
            return live;
        }
        var forecasters = shapes.Select(Load).ToArray();
        Console.WriteLine($"{series} series of {length} steps ({days} days at 1 min); {Environment.ProcessorCount} cores; .NET {Environment.Version}");

        // Tiered compilation would bill the first fits at unoptimised speed: a few cold and warm fits of series
        // outside the measured set first, not counted.
        foreach (var spare in new[] { new Shape(random), new Shape(random), new Shape(random) }.Select(Load))
            for (var i = 0; i < 3; i++) spare.Refit(4);

        var cold = Cpu(() =>
        {
            foreach (var live in forecasters) live.Refit(4);
        });
        Console.WriteLine($"cold: first fit of all {series}: {cold.TotalSeconds:F2} s CPU ({cold.TotalMilliseconds / series:F2} ms per series); chosen: {Chosen(forecasters)}");

        // An hour later every series has 60 more steps and a fitted model whose parameters start each search.
        var hour = 60;
        for (var m = 0; m < hour; m++)
            for (var i = 0; i < series; i++) forecasters[i].Observe(end + Step * m, shapes[i].At(length + m));
        var warm = Cpu(() =>
        {
            foreach (var live in forecasters) live.Refit(4);
        });
        Console.WriteLine($"warm: refit of all {series} an hour later: {warm.TotalSeconds:F2} s CPU ({warm.TotalMilliseconds / series:F2} ms per series); chosen: {Chosen(forecasters)}");

        var baselineCandidates = new IForecaster[] { new SeasonalNaiveForecaster(1440), new NaiveForecaster() };
        var histories = shapes.Select(s => Enumerable.Range(0, length).Select(s.At).ToArray()).ToArray();
        var baseline = Cpu(() =>
        {
            foreach (var history in histories) HoldoutSelector.Select(baselineCandidates, history, 4, 360);
        });
        Console.WriteLine($"baseline, naive and seasonal-naive chosen and fitted for all {series}: {baseline.TotalSeconds:F3} s CPU");

        var next = 0;
        var costs = new List<double>();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var at = end + Step * (hour + cycle);
            var cost = Cpu(() =>
            {
                for (var i = 0; i < series; i++) forecasters[i].Observe(at, shapes[i].At(length + hour + cycle));
                for (var k = 0; k < perCycle; k++, next = (next + 1) % series) forecasters[next].Refit(4);
            });
            costs.Add(cost.TotalSeconds);
        }
        costs.Sort();
        Console.WriteLine($"cycle ({series} samples appended, {perCycle} series refitted): median {costs[costs.Count / 2]:F3} s CPU, max {costs[^1]:F3} s, over {cycles} cycles");
    }

    private static string Chosen(IEnumerable<LiveForecaster> forecasters) =>
        string.Join(", ", forecasters.GroupBy(f => f.Model ?? "none").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

    private static TimeSpan Cpu(Action work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        work();
        process.Refresh();
        return process.TotalProcessorTime - before;
    }

    private static int Option(string[] args, string name, int fallback) =>
        BenchArgs.Option(args, name) is { } value ? int.Parse(value) : fallback;

    /// <summary>Token demand with a daily cycle, a weekday/weekend difference, noise and occasional bursts.</summary>
    private sealed class Shape(Random random)
    {
        private readonly double _level = 200 + random.NextDouble() * 5000;
        private readonly double _amplitude = 0.2 + random.NextDouble() * 0.6;
        private readonly double _phase = random.NextDouble() * 1440;
        private readonly int _seed = random.Next();

        public double At(int minute)
        {
            // Seeded per series and minute, not with HashCode (randomised per process), so every run sees the same series.
            var noise = new Random(unchecked(_seed * 31 + minute));
            var daily = 1 + _amplitude * Math.Sin(2 * Math.PI * (minute + _phase) / 1440);
            var weekend = (minute / 1440 % 7) >= 5 ? 0.7 : 1.0;
            var burst = noise.NextDouble() < 0.002 ? 1.5 : 1.0;
            return _level * daily * weekend * burst * (0.9 + 0.2 * noise.NextDouble());
        }
    }
}
