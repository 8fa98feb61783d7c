using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Serving.Quantities;

namespace Headroom.Serving.Tests.Quantities;

/// <summary>A finite double, drawn from many magnitudes.</summary>
public sealed record FiniteValue(double Value)
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

public static class FiniteValues
{
    public static Arbitrary<FiniteValue> Values() =>
        Gen.OneOf(Scaled(), Ratios(), AnyBits()).Select(value => new FiniteValue(value)).ToArbitrary();

    /// <summary>Short decimals from 1e-20 to 1e31, the kind metric values usually are.</summary>
    private static Gen<double> Scaled() =>
        from mantissa in Gen.Choose(-1_000_000, 1_000_000)
        from exponent in Gen.Choose(-26, 25)
        select double.Parse($"{mantissa}E{exponent}", CultureInfo.InvariantCulture);

    /// <summary>Quotients with long decimal expansions, such as rates, which need rounding to nanos.</summary>
    private static Gen<double> Ratios() =>
        from numerator in Gen.Choose(-100_000_000, 100_000_000)
        from denominator in Gen.Choose(1, 100_000)
        from scale in Gen.Elements(1e-12, 1e-6, 1.0, 1e6, 1e12)
        select numerator / (double)denominator * scale;

    /// <summary>Every finite double is possible, subnormals and extremes included.</summary>
    private static Gen<double> AnyBits() =>
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        let value = BitConverter.Int64BitsToDouble(((long)high << 32) | (uint)low)
        where double.IsFinite(value)
        select value;
}

public class QuantityProperties
{
    [Property(Arbitrary = [typeof(FiniteValues)], MaxTest = 2000)]
    public void Parsing_the_formatted_value_gives_the_value_rounded_to_nanos(FiniteValue x)
    {
        Assert.Equal(RoundedAwayFromZeroToNanos(x.Value), Quantity.Parse(Quantity.Format(x.Value)));
    }

    [Property(Arbitrary = [typeof(FiniteValues)], MaxTest = 2000)]
    public void Formatting_is_canonical(FiniteValue x)
    {
        var text = Quantity.Format(x.Value);
        var mantissa = text.TrimStart('-').TrimEnd('n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E');
        var exponentAt = mantissa.IndexOf('e');
        if (exponentAt >= 0)
        {
            Assert.True(int.Parse(mantissa[(exponentAt + 1)..], CultureInfo.InvariantCulture) is > 18 and var e && e % 3 == 0, text);
            mantissa = mantissa[..exponentAt];
        }

        Assert.True(mantissa.All(char.IsAsciiDigit), text);
        Assert.True(mantissa == "0" || (mantissa[0] != '0' && !mantissa.EndsWith("000", StringComparison.Ordinal)), text);
        Assert.Equal(text, Quantity.Format(Quantity.Parse(text)));
    }

    [Property(Arbitrary = [typeof(FiniteValues)], MaxTest = 2000)]
    public void The_decimal_is_exactly_the_formatted_quantity(FiniteValue x)
    {
        var text = Quantity.Format(x.Value);
        var suffix = text.TrimEnd('n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E').Length;
        var exponent = text[suffix..] switch { "n" => -9, "u" => -6, "m" => -3, "k" => 3, "M" => 6, "G" => 9, "T" => 12, "P" => 15, "E" => 18, _ => 0 };
        var scientific = text[..suffix].Contains('e') ? text[..suffix] : $"{text[..suffix]}e{exponent}";
        if (!decimal.TryParse(scientific, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected))
        {
            Assert.Throws<OverflowException>(() => Quantity.ToDecimal(x.Value));
            return;
        }

        Assert.Equal(expected, Quantity.ToDecimal(x.Value));
    }

    /// <summary>Reference rounding with System.Decimal, independent of the formatter's integer arithmetic.</summary>
    private static double RoundedAwayFromZeroToNanos(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude == 0 || magnitude >= 1e15)
        {
            // At 1e15 and above the 17 significant digits of a double stop short of nanos.
            return magnitude == 0 ? 0 : value;
        }

        if (magnitude < 1e-9)
        {
            return Math.CopySign(1e-9, value);
        }

        var exact = decimal.Parse(magnitude.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        var nanos = decimal.Ceiling(exact * 1_000_000_000m);
        var rounded = double.Parse((nanos / 1_000_000_000m).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Math.CopySign(rounded, value);
    }
}
