using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

public class ExpositionNumberTests
{
    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("0.0", 0.0)]
    [InlineData("1e-05", 1e-05)]
    [InlineData("1.1e+23", 1.1e+23)]
    [InlineData("0.1", 0.1)]
    [InlineData("9007199254740993", 9007199254740993.0)]
    [InlineData("123456789012345678901234567890", 123456789012345678901234567890.0)]
    [InlineData("4.9e-324", 4.9e-324)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void Parses_le_and_quantile_values(string text, double expected)
    {
        Assert.True(ExpositionNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("0x1A")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("infinit")]
    [InlineData("-NaN")]
    [InlineData("∞")]
    public void Rejects_what_go_and_prometheus_reject(string text)
    {
        Assert.False(ExpositionNumber.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(-0.0)]
    [InlineData(1e21)]
    [InlineData(5e-324)]
    [InlineData(double.MaxValue)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(123456789.123)]
    public void Formats_values_that_parse_back_exactly(double value)
    {
        var text = ExpositionNumber.Format(value);

        Assert.True(ExpositionNumber.TryParse(text, out var back));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(back));
        Assert.DoesNotContain('E', text);
    }

    [Fact]
    public void The_fast_path_agrees_with_the_exact_parser()
    {
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.NextInt64(0, 1L << 53).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var point = random.Next(0, digits.Length + 1);
            var text = $"{digits[..point]}.{digits[point..]}e{random.Next(-30, 30)}";
            if (text.StartsWith('.'))
            {
                text = "0" + text;
            }

            Assert.True(ExpositionNumber.TryParse(text, out var value), text);
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value);
        }
    }
}
