using Headroom.Signals.Sources;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>Which engine readings the guard refuses, and how it names the problem.</summary>
public sealed class ReadingGuardTests
{
    private static readonly EngineReading Good = new(100, 2_000, 1, 4, 0.3, null, RequestsFinishedTotal: 12);

    [Fact]
    public void A_reading_with_every_value_usable_has_no_problem() => Assert.Null(ReadingGuard.Problem(Good));

    [Theory]
    [InlineData(-1.0, "finished requests counter")]
    [InlineData(double.NaN, "finished requests counter")]
    [InlineData(double.PositiveInfinity, "finished requests counter")]
    public void A_finished_requests_counter_no_engine_could_report_is_refused(double value, string named) =>
        Assert.Contains(named, ReadingGuard.Problem(Good with { RequestsFinishedTotal = value }));

    [Fact]
    public void A_negative_finished_requests_rate_is_refused() =>
        Assert.Contains("finished requests per second", ReadingGuard.Problem(Good with { RequestsFinishedPerSecond = -0.5 }));
}
