using System.Globalization;
using System.Text;

namespace Headroom.Signals.Exposition;

/// <summary>
/// Numbers as the exposition formats spell them. Values follow Go's <c>strconv.ParseFloat</c>, which both formats cite,
/// minus what Prometheus itself rejects: hexadecimal floats and underscores. <c>NaN</c>, <c>Inf</c> and
/// <c>Infinity</c> are case-insensitive and only the infinities take a sign. Also for consumers that must read
/// <c>le</c> and <c>quantile</c> label values, which .NET's own parser would refuse for <c>+Inf</c>.
/// </summary>
public static class ExpositionNumber
{
    private const ulong ExactMantissaLimit = 1UL << 53;
    private const decimal MaxSeconds = 9_223_372_036_854_776m;

    private static ReadOnlySpan<double> ExactPowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Reads a sample value, <c>le</c> or <c>quantile</c> as the exposition formats write it.</summary>
    public static bool TryParse(string text, out double value)
    {
        Span<byte> utf8 = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > utf8.Length)
        {
            utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        }

        var length = Encoding.UTF8.GetBytes(text, utf8);
        return TryParse(utf8[..length], out value);
    }

    /// <summary>Writes a value so that <see cref="TryParse(string, out double)"/> gives back the same double.</summary>
    public static string Format(double value)
    {
        Span<char> text = stackalloc char[32];
        return new string(text[..Format(value, text)]);
    }

    internal static int Format(double value, Span<char> destination)
    {
        var special = double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : null;
        if (special is not null)
        {
            special.CopyTo(destination);
            return special.Length;
        }

        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        var exponent = destination[..written].IndexOf('E');
        if (exponent >= 0)
        {
            // Go and the Python client write a lowercase exponent; matching them keeps written pages familiar.
            destination[exponent] = 'e';
        }

        return written;
    }

    internal static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        var unsigned = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (!unsigned.IsEmpty && char.IsAsciiLetter((char)unsigned[0]))
        {
            return TryParseSpecial(text, unsigned, negative, out value);
        }

        if (!TryScanDecimal(unsigned, out var mantissa, out var exponent, out var exact))
        {
            return false;
        }

        if (exact && mantissa <= ExactMantissaLimit && exponent is >= -22 and <= 22)
        {
            // Both operands are exact doubles, so one IEEE multiplication or division rounds correctly (Clinger's fast path).
            value = exponent >= 0 ? mantissa * ExactPowersOfTen[exponent] : mantissa / ExactPowersOfTen[-exponent];
            value = negative ? -value : value;
            return true;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    internal static bool TryParseMilliseconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        var digits = !text.IsEmpty && text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }

            magnitude = (magnitude * 10) + (ulong)(digit - '0');
        }

        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            return false;
        }

        milliseconds = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    internal static bool TryParseSecondsAsMilliseconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        var unsigned = !text.IsEmpty && text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;

        // decimal keeps "1520879607.789" exact where a double would give 1520879607788.9999 milliseconds.
        if (!TryScanDecimal(unsigned, out _, out _, out _)
            || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        if (Math.Abs(seconds) > MaxSeconds)
        {
            return false;
        }

        // Truncating toward zero, as Prometheus does.
        var scaled = decimal.Truncate(seconds * 1000m);
        if (scaled is < long.MinValue or > long.MaxValue)
        {
            return false;
        }

        milliseconds = (long)scaled;
        return true;
    }

    internal static string FormatSeconds(long milliseconds) =>
        (milliseconds / 1000m).ToString(CultureInfo.InvariantCulture);

    private static bool TryParseSpecial(ReadOnlySpan<byte> text, ReadOnlySpan<byte> unsigned, bool negative, out double value)
    {
        value = 0;
        if (unsigned.EqualsIgnoreCaseAscii("inf"u8) || unsigned.EqualsIgnoreCaseAscii("infinity"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (text.EqualsIgnoreCaseAscii("nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return false;
    }

    private static bool EqualsIgnoreCaseAscii(this ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowercase) =>
        Ascii.EqualsIgnoreCase(text, lowercase);

    /// <summary>
    /// Checks Go's decimal float syntax (digits, one optional point, an optional exponent; at least one digit before the
    /// exponent) and gathers up to 19 significant digits. <paramref name="exact"/> is false when digits were dropped.
    /// </summary>
    private static bool TryScanDecimal(ReadOnlySpan<byte> text, out ulong mantissa, out int exponent, out bool exact)
    {
        mantissa = 0;
        exponent = 0;
        exact = true;
        var significantDigits = 0;
        var sawDigit = false;
        var sawPoint = false;
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit((char)c))
            {
                sawDigit = true;
                if (mantissa == 0 && c == '0')
                {
                    exponent -= sawPoint ? 1 : 0;
                    continue;
                }

                if (significantDigits == 19)
                {
                    exact = false;
                    exponent += sawPoint ? 0 : 1;
                    continue;
                }

                mantissa = (mantissa * 10) + (ulong)(c - '0');
                significantDigits++;
                exponent -= sawPoint ? 1 : 0;
            }
            else if (c == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                break;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        if (i == text.Length)
        {
            return true;
        }

        if (text[i] is not ((byte)'e' or (byte)'E'))
        {
            return false;
        }

        var exponentText = text[(i + 1)..];
        var exponentNegative = !exponentText.IsEmpty && exponentText[0] == '-';
        if (!exponentText.IsEmpty && exponentText[0] is (byte)'+' or (byte)'-')
        {
            exponentText = exponentText[1..];
        }

        if (exponentText.IsEmpty)
        {
            return false;
        }

        var explicitExponent = 0;
        foreach (var c in exponentText)
        {
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }

            // Past four digits the value is zero or out of range either way; leave that to the exact parser.
            explicitExponent = Math.Min((explicitExponent * 10) + (c - '0'), 10_000);
        }

        exponent += exponentNegative ? -explicitExponent : explicitExponent;
        return true;
    }
}
