using Headroom.Adapter.Hosting;

namespace Headroom.Adapter.Tests.Hosting;

public sealed class GoDurationTests
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
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
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
    public void Rejects_what_go_rejects(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }
}
