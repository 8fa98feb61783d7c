using System.Text;
using Headroom.Signals.Exposition;

namespace Headroom.Signals.Tests.Exposition;

internal static class Pages
{
    public static ParsedPage Parse(string text, ExpositionFormat format = ExpositionFormat.PrometheusText, ParserOptions? options = null) =>
        new ExpositionParser(options).Parse(Encoding.UTF8.GetBytes(text), format);

    public static ParsedPage ParseOpenMetrics(string text, ParserOptions? options = null) =>
        Parse(text, ExpositionFormat.OpenMetrics, options);

    public static LabelSet Labels(params (string Name, string Value)[] labels) =>
        new(labels.Select(label => new Label(label.Name, label.Value)).ToArray());

    public static void AssertClean(ParsedPage page)
    {
        Assert.Empty(page.Errors);
        Assert.True(page.Complete);
    }
}
