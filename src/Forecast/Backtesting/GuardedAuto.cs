namespace Headroom.Forecast.Backtesting;

/// <summary>
/// The selector as it runs live, replayed over a backtest: at each origin it looks at the targets already
/// observed in a recent window, and serves the best method there or the mean of the best two, whichever erred
/// less, but only when that beats the baseline (naive) by a margin; otherwise the baseline. Its band is
/// conformal: quantiles of its own past errors at this horizon.
/// </summary>
/// <param name="baseline">The method served unless another earns its place.</param>
/// <param name="window">Most recent scored targets compared on.</param>
/// <param name="margin">
/// Share of the baseline's error a choice must save on the window. Choosing the lowest error among many close
/// candidates picks noise as often as skill; the margin makes a switch pay for that.
/// </param>
public sealed class GuardedAuto(string baseline, int window = 300, double margin = 0.005)
{
    /// <summary>The auto forecasts, in origin order, and what served each (methods averaged are joined by <c>+</c>).</summary>
    public (IReadOnlyList<ForecastPoint> Points, IReadOnlyList<string> Choices) Run(IReadOnlyDictionary<string, IReadOnlyList<ForecastPoint>> forecasts)
    {
        var frame = forecasts[baseline];
        var byOrigin = forecasts.ToDictionary(f => f.Key, f => f.Value.ToDictionary(p => p.Origin));
        var points = new List<ForecastPoint>(frame.Count);
        var choices = new List<string>(frame.Count);
        var residuals = new ResidualQuantiles();
        var pending = new Queue<(int Target, double Actual, double Point)>();
        var known = 0;
        for (var i = 0; i < frame.Count; i++)
        {
            var origin = frame[i].Origin;
            while (known < i && frame[known].Target < origin) known++;
            while (pending.Count > 0 && pending.Peek().Target < origin)
            {
                var (_, actual, earlier) = pending.Dequeue();
                residuals.Add(actual, earlier);
            }
            var recent = frame.Skip(Math.Max(0, known - window)).Take(Math.Min(known, window)).Select(p => p.Origin).ToArray();
            var (choice, point) = Choose(byOrigin, recent, origin);
            pending.Enqueue((frame[i].Target, frame[i].Actual, point));
            choices.Add(choice);
            points.Add(frame[i] with
            {
                Point = point,
                P10 = residuals.Quantile(point, 0.1),
                P50 = residuals.Quantile(point, 0.5),
                P90 = residuals.Quantile(point, 0.9),
            });
        }
        return (points, choices);
    }

    private (string Choice, double Point) Choose(Dictionary<string, Dictionary<int, ForecastPoint>> byOrigin, int[] recent, int origin)
    {
        var fallback = (baseline, byOrigin[baseline][origin].Point);
        if (recent.Length == 0) return fallback;
        // Only methods that forecast at every origin of the window and at this one are compared: an error average
        // over other targets is not comparable.
        var ranked = byOrigin
            .Where(m => m.Value.ContainsKey(origin) && recent.All(m.Value.ContainsKey))
            .Select(m => (Name: m.Key, Mae: recent.Average(o => Math.Abs(m.Value[o].Actual - m.Value[o].Point))))
            .Where(m => double.IsFinite(m.Mae))
            .OrderBy(m => m.Mae)
            .ThenBy(m => m.Name == baseline ? 0 : 1)
            .ToArray();
        var baselineMae = recent.Average(o => Math.Abs(byOrigin[baseline][o].Actual - byOrigin[baseline][o].Point));
        if (ranked.Length == 0) return fallback;
        // The mean of two close methods errs less than either when their errors differ; a third added is, more
        // often than not, a poor one.
        var (choice, mae, point) = (baseline, double.PositiveInfinity, double.NaN);
        for (var k = 1; k <= Math.Min(2, ranked.Length); k++)
        {
            var top = ranked[..k].Select(m => byOrigin[m.Name]).ToArray();
            var topMae = recent.Average(o => Math.Abs(top[0][o].Actual - top.Average(m => m[o].Point)));
            if (topMae < mae) (choice, mae, point) = (string.Join('+', ranked[..k].Select(m => m.Name)), topMae, top.Average(m => m[origin].Point));
        }
        return mae < (1 - margin) * baselineMae ? (choice, point) : fallback;
    }
}
