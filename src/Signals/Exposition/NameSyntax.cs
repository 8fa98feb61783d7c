namespace Headroom.Signals.Exposition;

/// <summary>The characters of unquoted metric and label names, and the sample-name suffixes each type allows.</summary>
internal static class NameSyntax
{
    private const byte LabelStart = 1;
    private const byte LabelChar = 2;
    private const byte MetricStart = 4;
    private const byte MetricChar = 8;

    public static bool IsMetricNameStart(byte c) => (Classes[c] & MetricStart) != 0;

    public static bool IsMetricNameChar(byte c) => (Classes[c] & MetricChar) != 0;

    public static bool IsLabelNameStart(byte c) => (Classes[c] & LabelStart) != 0;

    public static bool IsLabelNameChar(byte c) => (Classes[c] & LabelChar) != 0;

    public static bool IsLegacyMetricName(string name) =>
        name.Length > 0 && IsMetricNameStart(Ascii(name[0])) && name.AsSpan(1).ContainsAnyExcept(MetricNameChars) is false;

    public static bool IsLegacyLabelName(string name) =>
        name.Length > 0 && IsLabelNameStart(Ascii(name[0])) && name.AsSpan(1).ContainsAnyExcept(LabelNameChars) is false;

    /// <summary>Whether a sample called <c>family + suffix</c> belongs to a family of that type.</summary>
    public static bool IsSampleSuffix(MetricType type, ReadOnlySpan<byte> suffix) => type switch
    {
        MetricType.Counter => suffix.IsEmpty || suffix.SequenceEqual("_total"u8) || suffix.SequenceEqual("_created"u8),
        MetricType.Histogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_count"u8) || suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_created"u8),
        MetricType.GaugeHistogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_gcount"u8) || suffix.SequenceEqual("_gsum"u8),
        MetricType.Summary => suffix.IsEmpty || suffix.SequenceEqual("_count"u8) || suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_created"u8),
        MetricType.Info => suffix.SequenceEqual("_info"u8),
        _ => suffix.IsEmpty,
    };

    /// <summary>The bytes of unquoted metric names, for a vectorised scan to the end of a name.</summary>
    public static readonly System.Buffers.SearchValues<byte> MetricNameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    private static readonly System.Buffers.SearchValues<char> MetricNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:");

    private static readonly System.Buffers.SearchValues<char> LabelNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private static byte Ascii(char c) => c < 128 ? (byte)c : (byte)0;

    /// <summary>A table rather than comparisons because name scanning runs for every byte of every name on the page.</summary>
    private static ReadOnlySpan<byte> Classes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 12, 0, 0, 0, 0, 0,
        0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 0, 0, 0, 15,
        0, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
}
