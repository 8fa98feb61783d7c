using System.Text.Json;
using System.Text.RegularExpressions;
using Headroom.Adapter.Tests.Deploy;

namespace Headroom.Adapter.Tests.Grafana;

/// <summary>deploy/grafana/headroom.json read as Grafana reads it: its panels' PromQL and its variables' queries.</summary>
public static partial class Dashboard
{
    public static string Path { get; } = System.IO.Path.Combine(RenderedManifests.RepositoryRoot, "deploy", "grafana", "headroom.json");

    /// <summary>Every panel target's expression, with its panel's title.</summary>
    public static IReadOnlyList<(string Panel, string Expr)> Expressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path));
        return [.. doc.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))];
    }

    /// <summary>Each query variable's label_values(selector, label), split into the selector and the label.</summary>
    public static IReadOnlyList<(string Name, string Selector, string Label)> Variables()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path));
        return [.. doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v =>
            {
                var match = LabelValues().Match(v.GetProperty("definition").GetString()!);
                Assert.True(match.Success, $"variable {v.GetProperty("name")} is not label_values(selector, label)");
                return (v.GetProperty("name").GetString()!, match.Groups[1].Value, match.Groups[2].Value);
            })];
    }

    /// <summary>An expression as Grafana sends it with every variable at All (allValue .*) and a one-minute rate interval.</summary>
    public static string Concrete(string expr, string job) => expr
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$namespace", ".*", StringComparison.Ordinal)
        .Replace("$workload", ".*", StringComparison.Ordinal)
        .Replace("$job", job, StringComparison.Ordinal);

    [GeneratedRegex(@"^label_values\((.+),\s*(\w+)\)$")]
    private static partial Regex LabelValues();
}
