using Headroom.Serving.Quantities;

namespace Headroom.Serving.Tests.Quantities;

public class QuantityTests
{
    [Theory]
    [InlineData(1.5, "1500m")]
    [InlineData(2000, "2k")]
    [InlineData(1500, "1500")]
    [InlineData(0.5, "500m")]
    [InlineData(0.0001, "100u")]
    [InlineData(1e-9, "1n")]
    [InlineData(123456789, "123456789")]
    [InlineData(1e6, "1M")]
    [InlineData(2.5e9, "2500M")]
    [InlineData(0, "0")]
    [InlineData(-1.5, "-1500m")]
    [InlineData(1, "1")]
    [InlineData(0.001, "1m")]
    [InlineData(0.1, "100m")]
    [InlineData(12345.678, "12345678m")]
    [InlineData(1e12, "1T")]
    [InlineData(3e15, "3P")]
    [InlineData(1e18, "1E")]
    [InlineData(-2e3, "-2k")]
    public void Formats_canonical_decimal_si(double value, string expected)
    {
        Assert.Equal(expected, Quantity.Format(value));
    }

    [Theory]
    [InlineData(-0.0, "0")]
    [InlineData(1e-10, "1n")]
    [InlineData(-1e-10, "-1n")]
    [InlineData(double.Epsilon, "1n")]
    [InlineData(1.5e-9, "2n")]
    [InlineData(1.0000000001, "1000000001n")]
    [InlineData(0.30000000000000004, "300000001n")]
    [InlineData(-0.30000000000000004, "-300000001n")]
    public void Rounds_finer_than_nano_away_from_zero_as_go_does(double value, string expected)
    {
        Assert.Equal(expected, Quantity.Format(value));
    }

    [Theory]
    [InlineData(1e20, "100E")]
    [InlineData(1e21, "1e21")]
    [InlineData(1.5e22, "15e21")]
    [InlineData(-1e300, "-1e300")]
    [InlineData(9.223372036854776E+18, "9223372036854776k")]
    [InlineData(123456789012345678, "123456789012345680")]
    [InlineData(double.MaxValue, "179769313486231570e291")]
    public void Formats_values_beyond_int64_exactly(double value, string expected)
    {
        Assert.Equal(expected, Quantity.Format(value));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Refuses_values_a_quantity_cannot_express(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.Format(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.TryFormat(value, new char[64], out _));
    }

    [Fact]
    public void TryFormat_writes_into_a_buffer_that_fits()
    {
        Span<char> exact = stackalloc char[6];
        Assert.True(Quantity.TryFormat(-1.5, exact, out var written));
        Assert.Equal("-1500m", exact[..written].ToString());

        Assert.False(Quantity.TryFormat(-1.5, stackalloc char[5], out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryFormat_does_not_allocate()
    {
        Span<char> buffer = stackalloc char[32];
        Quantity.TryFormat(0.30000000000000004, buffer, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();

        Quantity.TryFormat(0.30000000000000004, buffer, out _);
        Quantity.TryFormat(-1.5e22, buffer, out _);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData("1500m", 1.5)]
    [InlineData("2k", 2000)]
    [InlineData("100u", 0.0001)]
    [InlineData("1n", 1e-9)]
    [InlineData("1E", 1e18)]
    [InlineData("1e21", 1e21)]
    [InlineData("15e21", 1.5e22)]
    [InlineData("1e3", 1000)]
    [InlineData("1E3", 1000)]
    [InlineData("1e-3", 0.001)]
    [InlineData("2.5", 2.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("5.G", 5e9)]
    [InlineData("+3", 3)]
    [InlineData("-1500m", -1.5)]
    [InlineData("0", 0)]
    [InlineData("1Ki", 1024)]
    [InlineData("1.5Mi", 1572864)]
    [InlineData("1Gi", 1073741824)]
    [InlineData("1Ei", 1152921504606846976)]
    [InlineData("300000001n", 0.300000001)]
    public void Parses_quantities(string text, double expected)
    {
        Assert.Equal(expected, Quantity.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("k")]
    [InlineData("abc")]
    [InlineData("1x")]
    [InlineData("1 k")]
    [InlineData("1.5.5")]
    [InlineData("--1")]
    [InlineData("1e")]
    [InlineData("1e1.5")]
    [InlineData("1Ki5")]
    [InlineData("1ki")]
    public void Rejects_text_that_is_not_a_quantity(string text)
    {
        Assert.Throws<FormatException>(() => Quantity.Parse(text));
    }
}
