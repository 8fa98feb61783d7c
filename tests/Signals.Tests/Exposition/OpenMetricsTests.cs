using Headroom.Signals.Exposition;
using static Headroom.Signals.Tests.Exposition.Pages;

namespace Headroom.Signals.Tests.Exposition;

public class OpenMetricsTests
{
    [Fact]
    public void Reads_the_spec_example_with_units_counters_and_summaries()
    {
        var page = ParseOpenMetrics("""
            # TYPE acme_http_router_request_seconds summary
            # UNIT acme_http_router_request_seconds seconds
            # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
            acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
            acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
            acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
            # TYPE go_goroutines gauge
            # HELP go_goroutines Number of goroutines that currently exist.
            go_goroutines 69
            # TYPE process_cpu_seconds counter
            # UNIT process_cpu_seconds seconds
            # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
            process_cpu_seconds_total 4.20072246e+06
            # EOF
            """);

        AssertClean(page);
        Assert.Equal(["acme_http_router_request_seconds", "go_goroutines", "process_cpu_seconds"], page.Families.Select(f => f.Name));
        var summary = page.Families[0];
        Assert.Equal((MetricType.Summary, "seconds"), (summary.Type, summary.Unit));
        Assert.Equal(3, summary.Samples.Count);
        var cpu = page.Family("process_cpu_seconds")!;
        Assert.Equal(MetricType.Counter, cpu.Type);
        Assert.Equal(new Sample("process_cpu_seconds_total", LabelSet.Empty, 4.20072246e+06), Assert.Single(cpu.Samples));
    }

    [Fact]
    public void Reads_exemplars_with_and_without_labels_and_timestamps()
    {
        var page = ParseOpenMetrics("""
            # TYPE foo histogram
            foo_bucket{le="0.01"} 0
            foo_bucket{le="0.1"} 8 # {} 0.054
            foo_bucket{le="1"} 11 # {trace_id="KOO5S4vxi0o"} 0.67
            foo_bucket{le="10"} 17 # {trace_id="oHg5SJYRHA0"} 9.8 1520879607.789
            foo_bucket{le="+Inf"} 17
            foo_count 17
            foo_sum 324789.3
            foo_created  1520430000.123
            # EOF

            """);

        AssertClean(page);
        var samples = page.Families[0].Samples;
        Assert.Null(samples[0].Exemplar);
        Assert.Equal(new Exemplar(LabelSet.Empty, 0.054), samples[1].Exemplar);
        Assert.Equal(new Exemplar(Labels(("trace_id", "KOO5S4vxi0o")), 0.67), samples[2].Exemplar);
        Assert.Equal(new Exemplar(Labels(("trace_id", "oHg5SJYRHA0")), 9.8, 1520879607789), samples[3].Exemplar);
        Assert.Equal(1520430000.123, samples[7].Value);
    }

    [Fact]
    public void Reads_exemplars_after_a_timestamp()
    {
        var page = ParseOpenMetrics("# TYPE a counter\na_total 1 1520879607.789 # {id=\"x\"} 2 1520879607\n# EOF\n");

        AssertClean(page);
        var sample = page.Families[0].Samples[0];
        Assert.Equal(1520879607789, sample.TimestampMs);
        Assert.Equal(new Exemplar(Labels(("id", "x")), 2, 1520879607000), sample.Exemplar);
    }

    [Theory]
    [InlineData("1520879607.789", 1520879607789)]
    [InlineData("1520879607", 1520879607000)]
    [InlineData("1520879607.7899", 1520879607789)]
    [InlineData("-1.5", -1500)]
    [InlineData("1.5e3", 1500000)]
    [InlineData("0.0005", 0)]
    public void Normalises_timestamps_in_seconds_to_milliseconds(string seconds, long milliseconds)
    {
        var page = ParseOpenMetrics($"# TYPE foo gauge\nfoo 17.0 {seconds}\n# EOF\n");

        AssertClean(page);
        Assert.Equal(milliseconds, page.Families[0].Samples[0].TimestampMs);
    }

    [Fact]
    public void Reads_info_stateset_and_gaugehistogram_families()
    {
        var page = ParseOpenMetrics("""
            # TYPE foo info
            foo_info{name="pretty name",version="8.2.7"} 1
            # TYPE bar stateset
            bar{bar="a"} 0
            bar{bar="bb"} 1
            # TYPE baz gaugehistogram
            baz_bucket{le="1"} 34.0
            baz_bucket{le="+Inf"} 42.0
            baz_gcount 42.0
            baz_gsum 3289.3
            # EOF

            """);

        AssertClean(page);
        Assert.Equal([(MetricType.Info, 1), (MetricType.StateSet, 2), (MetricType.GaugeHistogram, 4)], page.Families.Select(f => (f.Type, f.Samples.Count)));
    }

    [Fact]
    public void Unescapes_quotes_in_help_and_treats_empty_help_and_unit_as_absent()
    {
        var page = ParseOpenMetrics("# TYPE foo_seconds counter\n# UNIT foo_seconds \n# HELP foo_seconds Some text and \\n some \\\" escaping\n# TYPE bar gauge\n# HELP bar \n# EOF\n");

        AssertClean(page);
        Assert.Equal("Some text and \n some \" escaping", page.Families[0].Help);
        Assert.Null(page.Families[0].Unit);
        Assert.Null(page.Families[1].Help);
    }

    [Fact]
    public void A_sample_without_a_type_line_is_its_own_unknown_family()
    {
        var page = ParseOpenMetrics("foo 1\nbar_total 2\n# EOF\n");

        AssertClean(page);
        Assert.Equal([("foo", MetricType.Unknown), ("bar_total", MetricType.Unknown)], page.Families.Select(f => (f.Name, f.Type)));
    }

    [Fact]
    public void Repeated_label_sets_stay_apart_from_exemplars_holding_braces()
    {
        var page = ParseOpenMetrics("# TYPE a counter\na_total{x=\"}\"} 1 # {t=\"}\"} 2\na_total{x=\"}\"} 3 # {t=\"}\"} 4\na_created{x=\"}\"} 5\n# EOF\n");

        AssertClean(page);
        Assert.All(page.Families[0].Samples, sample => Assert.Equal(Labels(("x", "}")), sample.Labels));
        Assert.Equal(new Exemplar(Labels(("t", "}")), 4), page.Families[0].Samples[1].Exemplar);
    }

    [Fact]
    public void Accepts_eof_without_a_final_line_feed()
    {
        var page = ParseOpenMetrics("foo 1\n# EOF");

        AssertClean(page);
    }
}
