using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

public class ExpositionContentTypeTests
{
    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("Application/OpenMetrics-Text;version=0.0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", ExpositionFormat.PrometheusText)]
    [InlineData("", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    public void Detects_the_format_from_the_content_type(string? contentType, ExpositionFormat expected)
    {
        Assert.Equal(expected, ExpositionContentType.Detect(contentType));
    }

    [Theory]
    [InlineData(ExpositionFormat.OpenMetrics)]
    [InlineData(ExpositionFormat.PrometheusText)]
    public void The_content_type_of_a_format_detects_as_that_format(ExpositionFormat format)
    {
        Assert.Equal(format, ExpositionContentType.Detect(ExpositionContentType.For(format)));
    }
}
