using System.Globalization;
using System.Text;

namespace Headroom.Sim.Tests.Replay;

// A replay refits the forecast as the server does, on simulated time: on a daily-seasonal trace the model named in
// timeline.csv's forecast_model moves from last-value to fitted models and, once a day of history covers the
// held-out hours, to a model that knows the season, whose forecast then sees the day's steps coming.
public sealed class ForecastRefitReplayTests : IDisposable
{
    // Demand steps every ten minutes to a level that repeats each day: a naive or trend model is late at every step,
    // a seasonal one is not.
    private const int BlockSeconds = 600;
    private static readonly double[] Levels = DailyLevels();
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-refit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double[] DailyLevels()
    {
        var random = new Random(11);
        return Enumerable.Range(0, 86_400 / BlockSeconds).Select(_ => 0.5 + 7.5 * random.NextDouble()).ToArray();
    }

    private static double Level(double t) => Levels[(int)(t % 86_400) / BlockSeconds];

    // Poisson arrivals at the block's rate, 200 prompt and 100 output tokens each.
    private string WriteSeasonalTrace(double hours)
    {
        var random = new Random(5);
        var text = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        for (var block = 0; block * BlockSeconds < hours * 3600; block++)
        {
            var start = block * BlockSeconds;
            for (var t = start - Math.Log(1 - random.NextDouble()) / Level(start); t < start + BlockSeconds; t -= Math.Log(1 - random.NextDouble()) / Level(start))
                text.Append(CultureInfo.InvariantCulture, $"{t:F3},200,100\n");
        }
        var path = Path.Combine(_dir, "seasonal.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    // Two replicas throughout, so served demand is the trace's demand and nothing but the forecast changes.
    private string WriteFixedHpa()
    {
        var path = Path.Combine(_dir, "fixed.yaml");
        File.WriteAllText(path, "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: llm}\nspec:\n" +
            "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}\n  minReplicas: 2\n  maxReplicas: 2\n  metrics:\n" +
            "  - type: External\n    external:\n      metric: {name: headroom_desired_replicas}\n      target: {type: AverageValue, averageValue: \"1\"}\n");
        return path;
    }

    [Fact]
    public void The_forecast_model_changes_as_refits_learn_the_daily_season()
    {
        var outDir = Path.Combine(_dir, "out");
        var (exit, _, error) = ReplayCommandTests.Run("replay", "--trace", WriteSeasonalTrace(hours: 36), "--hpa", WriteFixedHpa(), "--no-oracle", "--out", outDir);
        Assert.True(exit == 0, error);

        var timeline = File.ReadAllLines(Path.Combine(outDir, "timeline.csv"));
        var column = timeline[0].Split(',').ToList();
        var rows = timeline.Skip(1).Select(l => l.Split(',')).Select(r => (
            Time: double.Parse(r[0], CultureInfo.InvariantCulture),
            Model: r[column.IndexOf("forecast_model")],
            Forecast: r[column.IndexOf("forecast_tokens_per_s")])).Where(r => r.Model.Length > 0).ToArray();

        // No model can be fitted before an hour of history (forecast.minHistory): the forecast is demand now.
        Assert.All(rows.Where(r => r.Time < 3600), r => Assert.Equal("last-value", r.Model));
        // Refits ran during the replay, on its schedule, and chose fitted models.
        var fitted = rows.Where(r => r.Model != "last-value").ToArray();
        Assert.NotEmpty(fitted);
        Assert.True(fitted[0].Time < 2 * 3600, $"first fitted model at {fitted[0].Time} s");
        Assert.DoesNotContain(fitted, r => r.Time < fitted[0].Time && r.Model == "last-value");
        var switches = fitted.Zip(fitted.Skip(1)).Count(p => p.First.Model != p.Second.Model);
        Assert.True(switches >= 1, "the selected model never changed: " + string.Join(", ", fitted.Select(r => r.Model).Distinct()));

        // After a day and the six held-out hours, yesterday's steps win: the model served knows the season.
        var late = fitted.Where(r => r.Time > 32 * 3600).Select(r => r.Model).Distinct().ToArray();
        Assert.All(late, model => Assert.Contains(model, new[] { "seasonal-naive", "holt-winters-add", "holt-winters-mul", "seasonal-change-day" }));

        // And it sees a step up coming: a few minutes before the level jumps, the forecast is already near the new level.
        var ups = Enumerable.Range(33 * 6, 18).Select(b => b * BlockSeconds).Where(t => Level(t) > 2 * Level(t - 1)).ToArray();
        Assert.NotEmpty(ups);
        foreach (var up in ups)
        {
            var before = rows.Last(r => r.Time <= up - 60);
            var forecast = double.Parse(before.Forecast, CultureInfo.InvariantCulture);
            Assert.True(forecast > 100 * (Level(up - 1) + Level(up)) / 2,
                $"at {before.Time} s, before the step from {100 * Level(up - 1):F0} to {100 * Level(up):F0} tokens/s, the forecast was {forecast:F0}");
        }
    }
}
