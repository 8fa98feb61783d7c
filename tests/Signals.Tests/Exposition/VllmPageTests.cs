using System.Text;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

public class VllmPageTests
{
    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public void Parses_a_real_size_vllm_page_without_errors(ExpositionFormat format)
    {
        var text = VllmMetricsPage.Generate(format);

        var page = Pages.Parse(text, format);

        Pages.AssertClean(page);
        Assert.InRange(Encoding.UTF8.GetByteCount(text), 60_000, 120_000);
        var firstToken = page.Family("vllm:time_to_first_token_seconds")!;
        Assert.Equal(MetricType.Histogram, firstToken.Type);
        Assert.Equal(2 * (23 + 2 + (format == ExpositionFormat.OpenMetrics ? 1 : 0)), firstToken.Samples.Count);
        Assert.Equal("2560.0", firstToken.Samples[21].Labels.ValueOf("le"));
        Assert.Equal(new Label("engine", "1"), page.Family("vllm:num_requests_running")!.Samples[1].Labels[0]);
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText, "vllm:prompt_tokens_total")]
    [InlineData(ExpositionFormat.OpenMetrics, "vllm:prompt_tokens")]
    public void The_filter_keeps_only_wanted_families_in_both_formats(ExpositionFormat format, string counterFamily)
    {
        var text = VllmMetricsPage.Generate(format);
        var options = new ParserOptions { Families = VllmMetricsPage.WantedFamilies };

        var page = Pages.Parse(text, format, options);
        var everything = Pages.Parse(text, format);

        Pages.AssertClean(page);
        Assert.Equal(VllmMetricsPage.WantedFamilies.Length, page.Families.Count);
        Assert.Equal(MetricType.Counter, page.Family(counterFamily)!.Type);
        foreach (var family in page.Families)
        {
            Assert.Equal(everything.Family(family.Name), family);
        }
    }

    [Fact]
    public void A_reused_parser_gives_the_same_page_again()
    {
        var bytes = Encoding.UTF8.GetBytes(VllmMetricsPage.Generate(ExpositionFormat.PrometheusText));
        var parser = new ExpositionParser();

        var first = parser.Parse(bytes, ExpositionFormat.PrometheusText);
        var second = parser.Parse(bytes, ExpositionFormat.PrometheusText);

        Assert.Equal(first.Families, second.Families);
    }

    [Fact]
    public void Writing_a_parsed_page_keeps_its_content()
    {
        var text = VllmMetricsPage.Generate(ExpositionFormat.OpenMetrics);
        var page = Pages.ParseOpenMetrics(text);

        var again = Pages.ParseOpenMetrics(ExpositionWriter.Write(page, ExpositionFormat.OpenMetrics));

        Pages.AssertClean(again);
        Assert.Equal(page.Families, again.Families);
    }
}
