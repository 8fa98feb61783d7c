using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Headroom.Signals.Exposition;
using Headroom.Signals.Tests.Exposition;

namespace Headroom.Bench.Exposition;

/// <summary>
/// Parses a two-engine vLLM /metrics page (about 90 KB): every family, only the ~10 families the pipeline reads, and
/// a Regex-per-line parser as the straightforward alternative. The MB/s column is page bytes over the mean time.
/// </summary>
[Config(typeof(ThroughputConfig))]
public partial class ParserBenchmarks
{
    private readonly ExpositionParser everything = new();
    private readonly ExpositionParser wanted = new(new ParserOptions { Families = VllmMetricsPage.WantedFamilies });
    private byte[] page = [];

    /// <summary>The format the page is written and read in.</summary>
    [Params(ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics)]
    public ExpositionFormat Format { get; set; }

    /// <summary>The page's size, for the throughput column.</summary>
    public static int PageLength(ExpositionFormat format) => Page(format).Length;

    [GlobalSetup]
    public void Setup() => page = Page(Format);

    [Benchmark(Baseline = true)]
    public int RegexPerLine() => RegexExposition.Parse(page).Count;

    [Benchmark]
    public int AllFamilies() => everything.Parse(page, Format).Families.Count;

    [Benchmark]
    public int WantedFamilies() => wanted.Parse(page, Format).Families.Count;

    private static byte[] Page(ExpositionFormat format) => Encoding.UTF8.GetBytes(VllmMetricsPage.Generate(format));

    /// <summary>What a parser written in an afternoon looks like: split the page into lines, match each with a regex.</summary>
    private static partial class RegexExposition
    {
        public static List<(string Name, Dictionary<string, string> Labels, double Value, string? Timestamp)> Parse(byte[] utf8)
        {
            var samples = new List<(string, Dictionary<string, string>, double, string?)>();
            foreach (var line in Encoding.UTF8.GetString(utf8).Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#' || SampleLine().Match(line) is not { Success: true } match)
                {
                    continue;
                }

                var labels = new Dictionary<string, string>();
                foreach (Match label in Label().Matches(match.Groups["labels"].Value))
                {
                    labels[label.Groups["name"].Value] = label.Groups["value"].Value.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\");
                }

                var timestamp = match.Groups["timestamp"];
                samples.Add((match.Groups["name"].Value, labels, Value(match.Groups["value"].Value), timestamp.Success ? timestamp.Value : null));
            }

            return samples;
        }

        private static double Value(string text) => text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, CultureInfo.InvariantCulture),
        };

        [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})?\s+(?<value>\S+)(?:\s+(?<timestamp>\S+))?\s*$""")]
        private static partial Regex SampleLine();

        [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
        private static partial Regex Label();
    }
}

/// <summary>Adds allocations and a throughput column to whatever job the command line picks.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new ThroughputColumn());
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Page megabytes (10^6 bytes) parsed per second, from the mean";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
            {
                return "NA";
            }

            var format = (ExpositionFormat)benchmarkCase.Parameters["Format"];
            var megabytesPerSecond = ParserBenchmarks.PageLength(format) / (statistics.Mean / 1e9) / 1e6;
            return megabytesPerSecond.ToString("F0", CultureInfo.InvariantCulture);
        }
    }
}
