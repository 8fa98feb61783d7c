namespace Headroom.Forecast.Backtesting;

/// <summary>
/// The selector as it runs live, replayed over a backtest: at each origin it looks at the targets already
/// observed in a recent window, and serves the best method there or the mean of the best two, whichever erred
/// less, but only when that beats the baseline (naive) by a margin; otherwise the baseline. Its band is
/// conformal: quantiles of the errors the served choice made on the targets already observed, at this horizon, each
/// bound tracking its own misses (<see cref="ConformalBand"/>).
/// </summary>
/// <param name="baseline">The method served unless another earns its place.</param>
/// <param name="window">Most recent scored targets compared on.</param>
/// <param name="margin">
/// Share of the baseline's error a choice must save on the window. Choosing the lowest error among many close
/// candidates picks noise as often as skill; the margin makes a switch pay for that.
/// </param>
/// <param name="bandTracking">How fast each band bound tracks its misses (<see cref="ConformalBand"/>).</param>
public sealed class GuardedAuto(string baseline, int window = 300, double margin = 0.005, double bandTracking = ConformalBand.DefaultStep)
{
    // As RollingOrigin's bands: at most the last 500 errors.
    private const int Residuals = 500;

    /// <summary>
    /// The auto forecasts at the scored origins, in origin order, and what served each (methods averaged are joined by
    /// <c>+</c>). Calibration-only forecasts (<see cref="ForecastPoint.Scored"/> false) feed the band, never the choice.
    /// </summary>
    public (IReadOnlyList<ForecastPoint> Points, IReadOnlyList<string> Choices) Run(IReadOnlyDictionary<string, IReadOnlyList<ForecastPoint>> forecasts)
    {
        var frame = forecasts[baseline];
        var byOrigin = forecasts.ToDictionary(f => f.Key, f => f.Value.ToDictionary(p => p.Origin));
        var points = new List<ForecastPoint>(frame.Count);
        var choices = new List<string>(frame.Count);
        var band = new ConformalBand(trackingStep: bandTracking);
        var pending = new Queue<(int Target, double Actual, Band Band)>();
        var known = 0;
        for (var i = 0; i < frame.Count; i++)
        {
            var origin = frame[i].Origin;
            while (known < i && frame[known].Target < origin) known++;
            while (pending.Count > 0 && pending.Peek().Target < origin)
            {
                var (_, actual, made) = pending.Dequeue();
                band.Track(actual, made);
            }
            // The choice is made on scored targets only: the calibration origins come before some methods can forecast,
            // and a window holding them would leave those methods out.
            var scoredKnown = frame.Take(known).Where(p => p.Scored).ToArray();
            var recent = scoredKnown.TakeLast(window).Select(p => p.Origin).ToArray();
            var (choice, members) = frame[i].Scored ? Choose(byOrigin, recent, origin) : (baseline, [byOrigin[baseline]]);
            var point = members.Average(m => m[origin].Point);
            // The band is the served forecast's own: the errors this choice would have made on the targets already
            // observed, so a switch from naive to a closer method narrows it at once.
            var errors = frame.Take(known).TakeLast(Residuals).Where(p => members.All(m => m.ContainsKey(p.Origin)))
                .Select(p => p.Actual - members.Average(m => m[p.Origin].Point)).ToArray();
            var quantiles = band.Around(point, errors);
            pending.Enqueue((frame[i].Target, frame[i].Actual, quantiles));
            if (!frame[i].Scored) continue;
            choices.Add(choice);
            points.Add(frame[i] with { Point = point, P10 = quantiles.P10, P50 = quantiles.P50, P90 = quantiles.P90 });
        }
        return (points, choices);
    }

    private (string Choice, Dictionary<int, ForecastPoint>[] Members) Choose(Dictionary<string, Dictionary<int, ForecastPoint>> byOrigin, int[] recent, int origin)
    {
        var fallback = (baseline, new[] { byOrigin[baseline] });
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
        var (choice, mae, members) = (baseline, double.PositiveInfinity, fallback.Item2);
        for (var k = 1; k <= Math.Min(2, ranked.Length); k++)
        {
            var top = ranked[..k].Select(m => byOrigin[m.Name]).ToArray();
            var topMae = recent.Average(o => Math.Abs(top[0][o].Actual - top.Average(m => m[o].Point)));
            if (topMae < mae) (choice, mae, members) = (string.Join('+', ranked[..k].Select(m => m.Name)), topMae, top);
        }
        return mae < (1 - margin) * baselineMae ? (choice, members) : fallback;
    }
}
