using System.Net;
using System.Text.RegularExpressions;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>Reads the live page's cards back out of the DOM Chromium dumped; the page's markup is Headroom's own, so patterns suffice.</summary>
public static partial class RenderedPage
{
    public static IReadOnlyList<RenderedCard> Cards(string dom) =>
        dom.Split("<section class=\"workload\"").Skip(1).Select(Card).ToArray();

    private static RenderedCard Card(string html)
    {
        var head = Attributes(html[..html.IndexOf('>')]);
        var fields = new Dictionary<string, RenderedField>();
        foreach (Match m in FieldPattern().Matches(html))
        {
            var attributes = Attributes(m.Groups["attrs"].Value);
            var rest = html[(m.Index + m.Length)..];
            var number = NumberPattern().Match(rest[..rest.IndexOf("</", StringComparison.Ordinal)] + "</");
            var shown = number.Success ? number.Groups["text"].Value : rest[..rest.IndexOf('<')];
            fields[attributes["data-field"]] = new RenderedField(attributes, WebUtility.HtmlDecode(shown));
        }
        var charts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var svg in html.Split("<svg").Skip(1))
        {
            var body = svg[..svg.IndexOf("</svg>", StringComparison.Ordinal)];
            var name = Attributes(body[..body.IndexOf('>')])["data-chart"];
            charts[name] = PathPattern().Matches(body).Select(p => Attributes(p.Groups["attrs"].Value))
                .ToDictionary(a => a["data-series"], a => int.Parse(a["data-points"], System.Globalization.CultureInfo.InvariantCulture));
        }
        return new RenderedCard(head["data-namespace"], head["data-workload"], fields, charts, WebUtility.HtmlDecode(fields["reason"].Shown));
    }

    private static Dictionary<string, string> Attributes(string tag) =>
        AttributePattern().Matches(tag).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("<(?:dd|span|p) (?<attrs>[^>]*data-field=\"[^\"]*\"[^>]*)>")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("^<span class=\"number\">(?<text>[^<]*)</")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("<path (?<attrs>[^>]*)>")]
    private static partial Regex PathPattern();

    [GeneratedRegex("(?<name>[\\w-]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex AttributePattern();
}
