using Headroom.Signals.Exposition;
using static Headroom.Signals.Tests.Exposition.Pages;

namespace Headroom.Signals.Tests.Exposition;

public class PrometheusTextTests
{
    [Fact]
    public void Reads_the_spec_example_with_help_type_timestamps_and_escapes()
    {
        var page = Parse("""
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            """);

        AssertClean(page);
        var requests = page.Family("http_requests_total")!;
        Assert.Equal(MetricType.Counter, requests.Type);
        Assert.Equal("The total number of HTTP requests.", requests.Help);
        Assert.Equal(new Sample("http_requests_total", Labels(("method", "post"), ("code", "200")), 1027, 1395066363000), requests.Samples[0]);
        Assert.Equal(3, requests.Samples[1].Value);

        var file = page.Family("msdos_file_access_time_seconds")!;
        Assert.Equal(MetricType.Untyped, file.Type);
        Assert.Equal(@"C:\DIR\FILE.TXT", file.Samples[0].Labels.ValueOf("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", file.Samples[0].Labels.ValueOf("error"));
        Assert.Equal(1.458255915e9, file.Samples[0].Value);

        Assert.Equal(LabelSet.Empty, page.Family("metric_without_timestamp_and_labels")!.Samples[0].Labels);
        var weird = page.Family("something_weird")!.Samples[0];
        Assert.Equal(double.PositiveInfinity, weird.Value);
        Assert.Equal(-3982045, weird.TimestampMs);
    }

    [Fact]
    public void Groups_histogram_buckets_sum_and_count_under_the_family()
    {
        var page = Parse("""
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            # TYPE after gauge
            after 1

            """);

        AssertClean(page);
        var histogram = page.Families[0];
        Assert.Equal(MetricType.Histogram, histogram.Type);
        Assert.Equal(["http_request_duration_seconds_bucket", "http_request_duration_seconds_bucket", "http_request_duration_seconds_sum", "http_request_duration_seconds_count"], histogram.Samples.Select(s => s.Name));
        Assert.Equal("+Inf", histogram.Samples[1].Labels.ValueOf("le"));
        Assert.Equal("after", page.Families[1].Name);
    }

    [Fact]
    public void Groups_summary_quantiles_sum_and_count_under_the_family()
    {
        var page = Parse("""
            # TYPE rpc_latency_microseconds summary
            rpc_latency_microseconds{quantile="0.5"} 4773
            rpc_latency_microseconds{quantile="0.99"} 76656
            rpc_latency_microseconds_sum 1.7560473e+07
            rpc_latency_microseconds_count 2693

            """);

        AssertClean(page);
        var summary = Assert.Single(page.Families);
        Assert.Equal(MetricType.Summary, summary.Type);
        Assert.Equal(4, summary.Samples.Count);
        Assert.Equal(1.7560473e+07, summary.Samples[2].Value);
    }

    [Fact]
    public void Reads_vllm_names_with_colons_and_gauges()
    {
        var page = Parse("""
            # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 6.0

            """);

        AssertClean(page);
        var waiting = page.Family("vllm:num_requests_waiting")!;
        Assert.Equal(MetricType.Gauge, waiting.Type);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", waiting.Samples[0].Labels.ValueOf("model_name"));
    }

    [Theory]
    [InlineData("a{b=\"c\",} 1\n")]
    [InlineData("a{ b = \"c\" , } 1\n")]
    [InlineData("  a{b=\"c\"}\t1  \n")]
    [InlineData("a {b=\"c\"} 1\n")]
    [InlineData("a{b=\"c\"}1\n")]
    public void Accepts_trailing_commas_and_blanks_where_the_format_allows_them(string text)
    {
        var page = Parse(text);

        AssertClean(page);
        Assert.Equal(new Sample("a", Labels(("b", "c")), 1), page.Families[0].Samples[0]);
    }

    [Fact]
    public void A_label_set_seen_before_reads_the_same_and_a_bad_line_after_it_is_still_reported()
    {
        var text = "a{x=\"}\",y=\"\\\"\"} 1\na{x=\"}\",y=\"\\\"\"} 2\na{x=\"}\",y=\"\\\"\"} two\n";
        var parser = new ExpositionParser();

        var first = parser.Parse(System.Text.Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText);
        var again = parser.Parse(System.Text.Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText);

        Assert.Equal(first.Families, again.Families);
        Assert.Equal([3], again.Errors.Select(e => e.Line));
        Assert.All(again.Families[0].Samples, sample => Assert.Equal(Labels(("x", "}"), ("y", "\"")), sample.Labels));
    }

    [Fact]
    public void Reads_an_empty_label_set()
    {
        var page = Parse("a{} 1\n");

        AssertClean(page);
        Assert.Equal(LabelSet.Empty, page.Families[0].Samples[0].Labels);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("+infinity", double.PositiveInfinity)]
    [InlineData("1e+06", 1e6)]
    [InlineData("-0.5E-3", -0.0005)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("0042", 42.0)]
    public void Reads_the_values_go_accepts(string value, double expected)
    {
        var page = Parse($"a {value}\n");

        AssertClean(page);
        Assert.Equal(expected, page.Families[0].Samples[0].Value);
    }

    [Fact]
    public void Help_unescapes_backslash_and_newline_only()
    {
        var page = Parse("# HELP a   one\\\\two\\nthree \\\"four\\\"\na 1\n");

        Assert.Equal("one\\two\nthree \\\"four\\\"", page.Families[0].Help);
    }

    [Fact]
    public void Ignores_plain_comments_and_reads_type_words_in_any_case()
    {
        var page = Parse("# just a comment\n#TYPE a COUNTER\na 1\n# EOF\n");

        AssertClean(page);
        Assert.Equal(MetricType.Counter, page.Families[0].Type);
    }

    [Fact]
    public void Reads_quoted_utf8_metric_and_label_names()
    {
        var page = Parse("# TYPE \"my.metric\" gauge\n{\"my.metric\", \"label.name\"=\"v\", b=\"w\"} 2\n{\"my.metric\"} 3\n");

        AssertClean(page);
        var family = Assert.Single(page.Families);
        Assert.Equal("my.metric", family.Name);
        Assert.Equal(MetricType.Gauge, family.Type);
        Assert.Equal(new Sample("my.metric", Labels(("label.name", "v"), ("b", "w")), 2), family.Samples[0]);
        Assert.Equal(LabelSet.Empty, family.Samples[1].Labels);
    }

    [Fact]
    public void Keeps_a_family_declared_without_samples()
    {
        var page = Parse("# HELP idle Nothing yet.\n# TYPE idle counter\n");

        AssertClean(page);
        var family = Assert.Single(page.Families);
        Assert.Equal(new MetricFamily("idle", MetricType.Counter, "Nothing yet.", null, []), family);
    }

    [Fact]
    public void Ignores_unit_lines_which_are_comments_in_this_format()
    {
        var page = Parse("# UNIT a_seconds seconds\n# TYPE a_seconds gauge\na_seconds 1\n");

        AssertClean(page);
        Assert.Null(page.Families[0].Unit);
    }
}
