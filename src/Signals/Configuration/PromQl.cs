using System.Text;

namespace Headroom.Signals.Configuration;

/// <summary>
/// Builds PromQL from trusted structure and untrusted values. Label values are only ever emitted as
/// escaped string literals and names are validated, so no config or request text can change a query's shape.
/// </summary>
public static class PromQl
{
    /// <summary>Whether the text is a valid Prometheus label name.</summary>
    public static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Whether the text is a valid Prometheus metric name (colons allowed, as vLLM uses them).</summary>
    public static bool IsMetricName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    /// <summary>A double-quoted PromQL string literal holding exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A series selector <c>name{a="x",b="y"}</c> with equality matchers.</summary>
    /// <exception cref="ArgumentException">A name is not valid; callers validate config first, so this is a bug guard.</exception>
    public static string Selector(string metric, IEnumerable<KeyValuePair<string, string>> matchers)
    {
        if (!IsMetricName(metric)) throw new ArgumentException($"\"{metric}\" is not a metric name", nameof(metric));
        var parts = matchers.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m =>
            IsLabelName(m.Key) ? $"{m.Key}={Quote(m.Value)}" : throw new ArgumentException($"\"{m.Key}\" is not a label name", nameof(matchers)));
        return $"{metric}{{{string.Join(",", parts)}}}";
    }
}
