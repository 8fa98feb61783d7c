using System.Text;
using Headroom.Signals.Exposition;
using static Headroom.Signals.Tests.Exposition.Pages;

namespace Headroom.Signals.Tests.Exposition;

public class BadPageTests
{
    [Fact]
    public void Reports_bad_lines_by_number_and_reads_the_rest()
    {
        var page = Parse("""
            # TYPE good gauge
            good{a="1"} 1
            good{a="1" 2
            good{a="2"} x
            good{a="3"} 3 notatime
            good{a=1} 4
            good{a="4",a="5"} 5
            good{a="6"} 6
            # TYPE good counter
            # TYPE worse frobnicator
            worse 7

            """);

        Assert.Equal([3, 4, 5, 6, 7, 9, 10], page.Errors.Select(e => e.Line));
        Assert.Contains("twice", page.Errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("frobnicator", page.Errors[6].Message, StringComparison.Ordinal);
        Assert.True(page.Complete);
        Assert.Equal([1.0, 6.0], page.Family("good")!.Samples.Select(s => s.Value));
        Assert.Equal(7, page.Family("worse")!.Samples[0].Value);
    }

    [Theory]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("0x1p-2")]
    [InlineData("+NaN")]
    [InlineData("1e400")]
    [InlineData("1,5")]
    [InlineData("")]
    public void Rejects_values_outside_the_formats(string value)
    {
        var page = Parse($"a{{}} {value}\n");

        var error = Assert.Single(page.Errors);
        Assert.Equal(1, error.Line);
        Assert.Empty(page.Family("a")?.Samples ?? []);
    }

    [Fact]
    public void Rejects_a_fractional_timestamp_in_the_prometheus_format()
    {
        var page = Parse("a 1 1520879607.789\n");

        Assert.Contains("timestamp", Assert.Single(page.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_exemplars_in_the_prometheus_format()
    {
        var page = Parse("a_total 1 # {id=\"x\"} 2\n");

        Assert.Single(page.Errors);
    }

    [Fact]
    public void Reports_a_truncated_last_line_and_marks_the_page_incomplete()
    {
        var page = Parse("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 12");

        Assert.False(page.Complete);
        Assert.Equal(3, Assert.Single(page.Errors).Line);
        Assert.Equal([1.0], page.Family("a")!.Samples.Select(s => s.Value));
    }

    [Fact]
    public void Reports_a_missing_eof_in_openmetrics()
    {
        var page = ParseOpenMetrics("# TYPE a gauge\na 1\n");

        Assert.False(page.Complete);
        var error = Assert.Single(page.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("EOF", error.Message, StringComparison.Ordinal);
        Assert.Single(page.Family("a")!.Samples);
    }

    [Fact]
    public void Stops_at_text_after_eof()
    {
        var page = ParseOpenMetrics("a 1\n# EOF\nb 2\n");

        Assert.False(page.Complete);
        Assert.Equal(3, Assert.Single(page.Errors).Line);
        Assert.Null(page.Family("b"));
    }

    [Fact]
    public void Reports_openmetrics_only_errors()
    {
        var page = ParseOpenMetrics("# a comment\n\n# TYPE a_seconds gauge\n# UNIT a_seconds bytes\na_seconds 1\n# EOF\n");

        Assert.Equal([1, 2, 4], page.Errors.Select(e => e.Line));
        Assert.Single(page.Family("a_seconds")!.Samples);
    }

    [Fact]
    public void Stops_cleanly_at_a_line_longer_than_the_limit()
    {
        var text = "a 1\n" + "b{x=\"" + new string('y', 5000) + "\"} 2\nc 3\n";

        var page = Parse(text, options: new ParserOptions { MaxLineLength = 1000 });

        Assert.False(page.Complete);
        Assert.Equal(2, Assert.Single(page.Errors).Line);
        Assert.Equal(["a"], page.Families.Select(f => f.Name));
    }

    [Fact]
    public void Reads_a_line_exactly_as_long_as_the_limit()
    {
        var page = Parse("a 1\nb 2\n", options: new ParserOptions { MaxLineLength = 3 });

        AssertClean(page);
        Assert.Equal(2, page.Families.Count);
    }

    [Fact]
    public void Refuses_limits_that_are_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpositionParser(new ParserOptions { MaxSamples = 0 }));
    }

    [Fact]
    public void Stops_cleanly_past_the_sample_limit()
    {
        var page = Parse("a 1\na 2\na 3\na 4\n", options: new ParserOptions { MaxSamples = 2 });

        Assert.False(page.Complete);
        Assert.Equal(3, Assert.Single(page.Errors).Line);
        Assert.Equal(2, page.Family("a")!.Samples.Count);
    }

    [Fact]
    public void Skips_lines_with_too_many_labels()
    {
        var labels = string.Join(",", Enumerable.Range(0, 5).Select(i => $"l{i}=\"v\""));

        var page = Parse($"a{{{labels}}} 1\na{{l0=\"v\"}} 2\n", options: new ParserOptions { MaxLabelsPerSample = 4 });

        Assert.Equal(1, Assert.Single(page.Errors).Line);
        Assert.Single(page.Family("a")!.Samples);
    }

    [Fact]
    public void Skips_an_interleaved_family_and_metadata_after_samples()
    {
        var page = Parse("# TYPE a gauge\na 1\n# HELP a late\nb 2\na 3\n");

        Assert.Equal([3, 5], page.Errors.Select(e => e.Line));
        Assert.Equal([1.0], page.Family("a")!.Samples.Select(s => s.Value));
    }

    [Fact]
    public void Rejects_invalid_utf8_in_label_values()
    {
        var bytes = Encoding.UTF8.GetBytes("a{x=\"?\"} 1\nb 2\n");
        bytes[5] = 0xFF;

        var page = new ExpositionParser().Parse(bytes, ExpositionFormat.PrometheusText);

        Assert.Contains("UTF-8", Assert.Single(page.Errors).Message, StringComparison.Ordinal);
        Assert.NotNull(page.Family("b"));
    }

    [Fact]
    public void Stops_after_too_many_errors()
    {
        var page = Parse(string.Concat(Enumerable.Repeat("!\n", 50)), options: new ParserOptions { MaxErrors = 10 });

        Assert.Equal(11, page.Errors.Count);
        Assert.False(page.Complete);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Survives_binary_garbage(int seed)
    {
        var random = new Random(seed);
        var garbage = new byte[200_000];
        random.NextBytes(garbage);

        foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            var page = new ExpositionParser().Parse(garbage, format);

            Assert.NotEmpty(page.Errors);
            Assert.False(page.Complete);
        }
    }

    [Fact]
    public void Survives_every_truncation_of_a_real_page()
    {
        var bytes = Encoding.UTF8.GetBytes(VllmMetricsPage.Generate(ExpositionFormat.OpenMetrics, engines: 1)[..4000]);
        var parser = new ExpositionParser();

        for (var length = 0; length < bytes.Length; length++)
        {
            var page = parser.Parse(bytes.AsSpan(0, length), ExpositionFormat.OpenMetrics);

            Assert.False(page.Complete);
        }
    }

    [Fact]
    public void Survives_garbage_made_of_the_formats_own_characters()
    {
        var random = new Random(11);
        var alphabet = "{}\",=# \t\n\\abc_:0.9e+-InfNaN"u8.ToArray();
        var parser = new ExpositionParser();

        for (var round = 0; round < 2000; round++)
        {
            var garbage = new byte[random.Next(1, 300)];
            for (var i = 0; i < garbage.Length; i++)
            {
                garbage[i] = alphabet[random.Next(alphabet.Length)];
            }

            parser.Parse(garbage, ExpositionFormat.PrometheusText);
            parser.Parse(garbage, ExpositionFormat.OpenMetrics);
        }
    }
}
