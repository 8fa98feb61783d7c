using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Forecast.ColdStart;

namespace Headroom.Forecast.Tests.ColdStart;

public class ColdStartModelProperties
{
    [Property]
    public Property Quantile_is_r8_of_the_totals_of_distinct_pods(NonEmptyArray<PositiveInt> seconds, byte percent)
    {
        var q = percent % 101 / 100.0;
        var totals = seconds.Get.Select(s => (double)(s.Get % 100_000)).ToArray();
        var model = new ColdStartModel(TimeSpan.FromSeconds(180), minSamples: 1, capacity: 1_000);
        for (var i = 0; i < totals.Length; i++)
            model.Observe($"pod-{i}", new ColdStartSample(TimeSpan.Zero, TimeSpan.FromSeconds(totals[i] / 2), TimeSpan.FromSeconds(totals[i] / 2)));

        var expected = R8Quantile.Of(totals, q);
        return (Math.Abs(model.Quantile(q).TotalSeconds - expected) < 1e-3).Label($"q={q} expected={expected}");
    }
}
