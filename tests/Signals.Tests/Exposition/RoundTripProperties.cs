using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

/// <summary>Metric families that are valid in one format, with names that cannot collide with each other's samples.</summary>
public sealed record GeneratedPage(ExpositionFormat Format, IReadOnlyList<MetricFamily> Families)
{
    public override string ToString() => ExpositionWriter.Write(Families, Format);
}

public static class GeneratedPages
{
    private const string NameStart = "abcxyzABZ_:";
    private const string NameChars = "abcxyzABZ_:0189";
    private const string LabelStart = "abzAZ_";
    private const string LabelChars = "abzAZ_09";

    private static readonly (MetricType Type, string[] Suffixes)[] PrometheusTypes =
    [
        (MetricType.Counter, [""]),
        (MetricType.Gauge, [""]),
        (MetricType.Untyped, [""]),
        (MetricType.Histogram, ["_bucket", "_sum", "_count"]),
        (MetricType.Summary, ["", "_sum", "_count"]),
    ];

    private static readonly (MetricType Type, string[] Suffixes)[] OpenMetricsTypes =
    [
        (MetricType.Counter, ["_total", "_created"]),
        (MetricType.Gauge, [""]),
        (MetricType.Unknown, [""]),
        (MetricType.StateSet, [""]),
        (MetricType.Info, ["_info"]),
        (MetricType.Histogram, ["_bucket", "_sum", "_count", "_created"]),
        (MetricType.GaugeHistogram, ["_bucket", "_gsum", "_gcount"]),
        (MetricType.Summary, ["", "_sum", "_count", "_created"]),
    ];

    public static Arbitrary<GeneratedPage> Pages() =>
        (from format in Gen.Elements(ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics)
         from page in Page(format)
         select page).ToArbitrary();

    private static Gen<GeneratedPage> Page(ExpositionFormat format) =>
        from count in Gen.Choose(0, 6)
        from families in Gen.CollectToArray(Enumerable.Range(0, count).Select(index => Family(format, index)))
        select new GeneratedPage(format, families.ToArray());

    /// <summary>Each family name ends in ":index" (before any unit), so no sample name of one family can name another.</summary>
    private static Gen<MetricFamily> Family(ExpositionFormat format, int index) =>
        from stem in Gen.Frequency((6, Word(NameStart, NameChars)), (1, Gen.Elements("my.metric", "dotted.name:x", "ünï")))
        from kind in Gen.Elements(format == ExpositionFormat.OpenMetrics ? OpenMetricsTypes : PrometheusTypes)
        from unit in format == ExpositionFormat.OpenMetrics && kind.Type is not (MetricType.Info or MetricType.StateSet)
            ? Gen.Elements<string?>(null, null, "seconds", "bytes")
            : Gen.Constant<string?>(null)
        from help in Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Help()))
        from sampleCount in Gen.Choose(0, 4)
        let name = $"{stem}:{index}" + (unit is null ? "" : "_" + unit)
        from samples in Gen.CollectToArray(Enumerable.Range(0, sampleCount).Select(_ => Sample(format, name, kind.Suffixes)))
        select new MetricFamily(name, kind.Type, help, unit, samples.ToArray());

    private static Gen<Sample> Sample(ExpositionFormat format, string family, string[] suffixes) =>
        from suffix in Gen.Elements(suffixes)
        from labels in LabelSet(maxLabels: 4)
        from value in Value()
        from timestamp in Gen.Frequency((2, Gen.Constant<long?>(null)), (1, Timestamp()))
        from exemplar in format == ExpositionFormat.OpenMetrics
            ? Gen.Frequency((3, Gen.Constant<Exemplar?>(null)), (1, Exemplar()))
            : Gen.Constant<Exemplar?>(null)
        select new Sample(family + suffix, labels, value, timestamp, exemplar);

    private static Gen<Exemplar?> Exemplar() =>
        from labels in LabelSet(maxLabels: 2)
        from value in Value()
        from timestamp in Gen.Frequency((1, Gen.Constant<long?>(null)), (1, Timestamp()))
        select (Exemplar?)new Exemplar(labels, value, timestamp);

    private static Gen<LabelSet> LabelSet(int maxLabels) =>
        from names in Gen.Frequency((5, Word(LabelStart, LabelChars)), (1, Gen.Elements("label.dotted", "ключ"))).ListOf()
        from values in LabelValue().ArrayOf(maxLabels)
        let distinct = names.Distinct().Take(maxLabels).ToArray()
        select new LabelSet(distinct.Select((name, i) => new Label(name, values[i])).ToArray());

    private static Gen<string> LabelValue() =>
        from pieces in Gen.Elements("", "a", "Z9", "\"", "\\", "\n", "\\n", " ", "\t", "{}", ",", "=", "#", "é", "日本", "😀", "\0", "\r").ArrayOf()
        select string.Concat(pieces.Take(8));

    /// <summary>Non-empty HELP text not starting with a blank, which 0.0.4 could not keep.</summary>
    private static Gen<string?> Help() =>
        from first in Gen.Elements("A", "é", "\\", "\"", "\n")
        from rest in LabelValue()
        select (string?)(first + rest);

    private static Gen<double> Value() =>
        Gen.Frequency(
            (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.MaxValue, double.Epsilon, 1e21, 0.1)),
            (2, Gen.Choose(-1000, 100_000).Select(i => (double)i)),
            (3, ArbMap.Default.GeneratorFor<double>()),
            (2, ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble)));

    private static Gen<long?> Timestamp() =>
        Gen.Frequency(
            (3, Gen.Choose(0, int.MaxValue).Select(s => (long?)(1_700_000_000_000L + s))),
            (1, Gen.Elements<long?>(0, -1, -1500, long.MaxValue, long.MinValue, 999)),
            (1, ArbMap.Default.GeneratorFor<long>().Select(l => (long?)l)));

    private static Gen<string> Word(string start, string chars) =>
        from first in Gen.Elements(start.ToCharArray())
        from rest in Gen.Elements(chars.ToCharArray()).ArrayOf()
        select first + new string(rest.Take(12).ToArray());
}

public class RoundTripProperties
{
    [Property(Arbitrary = [typeof(GeneratedPages)], MaxTest = 500)]
    public void Parsing_a_written_page_gives_back_its_families(GeneratedPage generated)
    {
        var text = ExpositionWriter.Write(generated.Families, generated.Format);

        var page = new ExpositionParser().Parse(Encoding.UTF8.GetBytes(text), generated.Format);

        Assert.Empty(page.Errors);
        Assert.True(page.Complete);
        Assert.Equal(generated.Families, page.Families);
    }

    [Property(Arbitrary = [typeof(GeneratedPages)], MaxTest = 500)]
    public void Parse_then_write_is_stable(GeneratedPage generated)
    {
        var text = ExpositionWriter.Write(generated.Families, generated.Format);
        var parser = new ExpositionParser();

        var once = ExpositionWriter.Write(parser.Parse(Encoding.UTF8.GetBytes(text), generated.Format), generated.Format);
        var twice = ExpositionWriter.Write(parser.Parse(Encoding.UTF8.GetBytes(once), generated.Format), generated.Format);

        Assert.Equal(text, once);
        Assert.Equal(once, twice);
    }
}
