
namespace Headroom.Sim.Traces;

/// <summary>The Azure traces' timestamps, <c>yyyy-MM-dd HH:mm:ss[.f…]</c> with up to seven fraction digits, in UTC or with <c>Z</c> or a <c>±HH:MM</c> offset, read without DateTime parsing.</summary>
public static class AzureTimestamp
{
    /// <summary>Ticks since 0001-01-01 UTC; null when the text is not exactly that layout or names an impossible date or time.</summary>
    public static long? TryTicks(ReadOnlySpan<char> s)
    {
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return null;
        // Rows come in time order, so nearly every one falls on the day of the one before it: the same ten
        // characters, compared at once, rather than the date read and checked again.
        var last = _lastDay;
        long dayTicks;
        if (last is not null && s[..10].SequenceEqual(last.Text)) dayTicks = last.Ticks;
        else
        {
            int year = Digits(s[..4]), month = Digits(s[5..7]), day = Digits(s[8..10]);
            if ((year | month | day) < 0 || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            dayTicks = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks;
            _lastDay = new Day(s[..10].ToString(), dayTicks);
        }
        int hour = TwoDigits(s[11], s[12]), minute = TwoDigits(s[14], s[15]), second = TwoDigits(s[17], s[18]);
        if ((hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return null;
        var rest = s[19..];
        long fraction = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var end = 1;
            while (end < rest.Length && (uint)(rest[end] - '0') <= 9) end++;
            var digits = rest[1..end];
            if (digits.Length is < 1 or > 7) return null;
            fraction = Digits(digits);
            for (var i = digits.Length; i < 7; i++) fraction *= 10;
            rest = rest[end..];
        }
        if (Offset(rest) is not { } offset) return null;
        var ticks = dayTicks + ((hour * 60L + minute) * 60 + second) * TimeSpan.TicksPerSecond + fraction - offset;
        // An offset can carry the first or last day's times out of DateTime's range.
        return ticks is >= 0 and <= 3155378975999999999 ? ticks : null;
    }

    // The time zone's offset from UTC in ticks: none (UTC), Z, or ±HH:MM; null for anything else.
    private static long? Offset(ReadOnlySpan<char> zone)
    {
        if (zone.Length == 0 || zone is "Z") return 0;
        if (zone.Length != 6 || zone[0] is not ('+' or '-') || zone[3] != ':') return null;
        int hours = TwoDigits(zone[1], zone[2]), minutes = TwoDigits(zone[4], zone[5]);
        if ((hours | minutes) < 0 || minutes > 59 || hours * 60 + minutes > 14 * 60) return null;
        var ticks = (hours * 60L + minutes) * TimeSpan.TicksPerMinute;
        return zone[0] == '-' ? -ticks : ticks;
    }

    // The last day read (its yyyy-MM-dd text) and its midnight in ticks; replaced whole, so readers on other threads see a consistent pair.
    private sealed record Day(string Text, long Ticks);

    private static Day? _lastDay;

    private static int TwoDigits(char tens, char ones)
    {
        int a = tens - '0', b = ones - '0';
        return (uint)a <= 9 && (uint)b <= 9 ? a * 10 + b : -1;
    }

    /// <summary>The value of a run of at most nine decimal digits; −1 when any character is not a digit.</summary>
    internal static int Digits(ReadOnlySpan<char> s)
    {
        var value = 0;
        foreach (var c in s)
        {
            var digit = c - '0';
            if ((uint)digit > 9) return -1;
            value = value * 10 + digit;
        }
        return value;
    }
}
