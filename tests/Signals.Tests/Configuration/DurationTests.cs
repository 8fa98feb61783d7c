using Headroom.Signals.Configuration;

namespace Headroom.Signals.Tests.Configuration;

public sealed class DurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("2000000ns", 2)]
    [InlineData(".5s", 500)]
    [InlineData("-2s", -2000)]
    public void Parses_as_go_does(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Duration.TryParse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData("1 s")]
    [InlineData("1s ")]
    [InlineData("1s\n")]
    [InlineData("--1s")]
    [InlineData("3 weeks")]
    public void Rejects_what_go_rejects(string text)
    {
        Assert.Null(Duration.TryParse(text));
    }
}
