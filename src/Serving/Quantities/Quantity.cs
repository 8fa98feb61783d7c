using System.Globalization;

namespace Headroom.Serving.Quantities;

/// <summary>Metric values as Kubernetes resource quantity strings, the canonical DecimalSI form of Go's <c>resource.Quantity</c>.</summary>
public static class Quantity
{
    private const int NanoExponent = -9;
    private const int LargestSuffixExponent = 18;

    // A sign, at most 19 significand digits and an exponent such as "e308".
    private const int MaxFormattedLength = 32;

    private static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
    ];

    /// <summary>
    /// Formats <paramref name="value"/> as Go's <c>resource.Quantity.String()</c> prints the DecimalSI quantity of the
    /// double's shortest round-trip decimal: magnitudes finer than 1n are rounded away from zero to whole nanos, trailing
    /// zeros move into the largest suffix (n, u, m, k, M, G, T, P, E), and exponents beyond E are written as <c>e21</c>, <c>e24</c>, ….
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, which a quantity cannot express.</exception>
    public static string Format(double value)
    {
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        TryFormat(value, buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>Writes what <see cref="Format"/> returns; false when <paramref name="destination"/> is too short.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, which a quantity cannot express.</exception>
    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a quantity must be a finite number");
        }

        var (significand, exponent) = Canonical(Math.Abs(value));
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        var length = 0;
        if (value < 0 && significand != 0)
        {
            buffer[length++] = '-';
        }

        significand.TryFormat(buffer[length..], out var digits, default, CultureInfo.InvariantCulture);
        length += digits;
        length += WriteSuffix(significand == 0 ? 0 : exponent, buffer[length..]);

        written = 0;
        if (!buffer[..length].TryCopyTo(destination))
        {
            return false;
        }

        written = length;
        return true;
    }

    /// <summary>
    /// The exact value of the quantity <see cref="Format"/> writes for <paramref name="value"/>, as a decimal: what a
    /// client that parses the quantity holds, before it reads it in its own units.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite, which a quantity cannot express.</exception>
    /// <exception cref="OverflowException">The quantity is beyond the range of a decimal (about 7.9e28).</exception>
    public static decimal ToDecimal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a quantity must be a finite number");
        }

        var (significand, exponent) = Canonical(Math.Abs(value));
        var magnitude = exponent < 0
            ? new decimal((int)(uint)significand, (int)(uint)(significand >> 32), 0, false, (byte)-exponent)
            : significand * Pow10(exponent);
        return value < 0 ? -magnitude : magnitude;
    }

    private static decimal Pow10(int exponent)
    {
        var power = 1m;
        for (var i = 0; i < exponent; i++)
        {
            power *= 10m;
        }

        return power;
    }

    /// <summary>
    /// Reads a quantity: an optionally signed decimal (<c>12</c>, <c>1.5</c>, <c>.5</c>, <c>5.</c>) followed by a DecimalSI suffix,
    /// a binary suffix (Ki … Ei) or a decimal exponent (<c>e3</c>, <c>E-3</c>). Returns the double nearest to the exact value,
    /// without Kubernetes' rounding to nanos.
    /// </summary>
    /// <exception cref="FormatException">The text is not a quantity.</exception>
    public static double Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var numberLength = NumberLength(text);
        var number = text.AsSpan(0, numberLength);
        var suffix = text.AsSpan(numberLength);

        if (BinaryPower(suffix) is { } power)
        {
            return Math.ScaleB(ParseDecimal(number, 0, text), power);
        }

        if (DecimalExponent(suffix) is { } exponent)
        {
            return ParseDecimal(number, exponent, text);
        }

        throw new FormatException($"\"{text}\" has an unknown quantity suffix \"{suffix}\"");
    }

    /// <summary>
    /// The value as significand × 10^exponent in canonical form: no finer than nano, no trailing zeros in the significand
    /// beyond those needed to make the exponent a multiple of 3.
    /// </summary>
    private static (ulong Significand, int Exponent) Canonical(double magnitude)
    {
        var (significand, exponent) = ShortestDecimal(magnitude);
        if (significand == 0)
        {
            return (0, 0);
        }

        if (exponent < NanoExponent)
        {
            significand = DivideRoundingUp(significand, NanoExponent - exponent);
            exponent = NanoExponent;
        }

        while (significand % 10 == 0)
        {
            significand /= 10;
            exponent++;
        }

        // At most 17 significant digits remain, so two more decimal places still fit in a ulong.
        var excess = ((exponent % 3) + 3) % 3;
        return (significand * PowersOfTen[excess], exponent - excess);
    }

    /// <summary>The shortest decimal that round-trips to <paramref name="magnitude"/> (what Go's <c>FormatFloat(x, 'g', -1, 64)</c> prints).</summary>
    private static (ulong Significand, int Exponent) ShortestDecimal(double magnitude)
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        magnitude.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];

        ulong significand = 0;
        var exponent = 0;
        var afterPoint = false;
        var i = 0;
        for (; i < text.Length && text[i] != 'E'; i++)
        {
            if (text[i] == '.')
            {
                afterPoint = true;
                continue;
            }

            significand = (significand * 10) + (ulong)(text[i] - '0');
            exponent -= afterPoint ? 1 : 0;
        }

        if (i < text.Length)
        {
            exponent += int.Parse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return (significand, exponent);
    }

    private static ulong DivideRoundingUp(ulong significand, int decimalPlaces)
    {
        if (decimalPlaces >= PowersOfTen.Length)
        {
            return 1;
        }

        var divisor = PowersOfTen[decimalPlaces];
        return (significand / divisor) + (significand % divisor == 0 ? 0UL : 1UL);
    }

    private static int WriteSuffix(int exponent, Span<char> destination)
    {
        if (exponent > LargestSuffixExponent)
        {
            destination[0] = 'e';
            exponent.TryFormat(destination[1..], out var digits, default, CultureInfo.InvariantCulture);
            return 1 + digits;
        }

        char? suffix = exponent switch
        {
            -9 => 'n',
            -6 => 'u',
            -3 => 'm',
            3 => 'k',
            6 => 'M',
            9 => 'G',
            12 => 'T',
            15 => 'P',
            18 => 'E',
            _ => null,
        };
        if (suffix is not { } letter)
        {
            return 0;
        }

        destination[0] = letter;
        return 1;
    }

    /// <summary>Length of the leading signed decimal number, digits and at most one point.</summary>
    private static int NumberLength(string text)
    {
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        var sawPoint = false;
        for (; i < text.Length; i++)
        {
            if (text[i] == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else if (!char.IsAsciiDigit(text[i]))
            {
                break;
            }
        }

        return i;
    }

    private static int? BinaryPower(ReadOnlySpan<char> suffix) => suffix switch
    {
        "Ki" => 10,
        "Mi" => 20,
        "Gi" => 30,
        "Ti" => 40,
        "Pi" => 50,
        "Ei" => 60,
        _ => null,
    };

    private static int? DecimalExponent(ReadOnlySpan<char> suffix)
    {
        switch (suffix)
        {
            case "": return 0;
            case "n": return -9;
            case "u": return -6;
            case "m": return -3;
            case "k": return 3;
            case "M": return 6;
            case "G": return 9;
            case "T": return 12;
            case "P": return 15;
            case "E": return 18;
        }

        return suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            ? exponent
            : null;
    }

    /// <summary>Parses number × 10^exponent in one correctly rounded step, so suffixes add no rounding error of their own.</summary>
    private static double ParseDecimal(ReadOnlySpan<char> number, int exponent, string text)
    {
        if (!number.ContainsAnyInRange('0', '9'))
        {
            throw new FormatException($"\"{text}\" does not start with a number");
        }

        var length = number.Length + 12;
        Span<char> scientific = length <= 64 ? stackalloc char[length] : new char[length];
        number.CopyTo(scientific);
        scientific[number.Length] = 'E';
        exponent.TryFormat(scientific[(number.Length + 1)..], out var digits, default, CultureInfo.InvariantCulture);
        return double.Parse(
            scientific[..(number.Length + 1 + digits)],
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture);
    }
}
