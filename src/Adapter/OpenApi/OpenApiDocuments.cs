using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Headroom.Adapter.Api;

namespace Headroom.Adapter.OpenApi;

/// <summary>
/// /openapi/v2 and /openapi/v3, built once at start. The aggregator merges v2 into the cluster's spec, and
/// kubectl reads v3 per group version through the hashed URLs of the v3 root document.
/// </summary>
public sealed class OpenApiDocuments
{
    private readonly Dictionary<string, (byte[] Body, string Hash)> _v3 = new(StringComparer.Ordinal);

    /// <summary>Builds the documents.</summary>
    public OpenApiDocuments(string version)
    {
        var v2Paths = new JsonObject();
        var v2Definitions = new JsonObject();
        var v3Root = new JsonObject();
        foreach (var (group, gv) in GroupVersions())
        {
            var (schemaName, schema) = OpenApiSchemas.ListSchema(group, gv);
            var paths = PathsOf(group, gv);
            v2Definitions[schemaName] = schema.DeepClone();
            var v3Paths = new JsonObject();
            foreach (var (path, summary) in paths)
            {
                v2Paths[path] = Operation(summary, path, new JsonObject { ["$ref"] = $"#/definitions/{schemaName}" }, v2: true);
                v3Paths[path] = Operation(summary, path, new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" }, v2: false);
            }
            var document = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = new JsonObject { ["title"] = "Headroom", ["version"] = version },
                ["paths"] = v3Paths,
                ["components"] = new JsonObject { ["schemas"] = new JsonObject { [schemaName] = schema } },
            };
            var body = Encoding.UTF8.GetBytes(document.ToJsonString());
            var hash = Convert.ToHexString(SHA512.HashData(body));
            var key = $"apis/{group}/{gv}";
            _v3[key] = (body, hash);
            v3Root[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }
        V2 = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Headroom", ["version"] = version },
            ["paths"] = v2Paths,
            ["definitions"] = v2Definitions,
        }.ToJsonString());
        V3Root = Encoding.UTF8.GetBytes(new JsonObject { ["paths"] = v3Root }.ToJsonString());
    }

    /// <summary>The Swagger 2.0 document.</summary>
    public byte[] V2 { get; }

    /// <summary>The OpenAPI v3 root: one hashed URL per group version.</summary>
    public byte[] V3Root { get; }

    /// <summary>The OpenAPI v3 document of <c>apis/{group}/{version}</c>, with its hash.</summary>
    public bool TryGetV3(string groupVersionPath, out byte[] body, out string hash)
    {
        var found = _v3.TryGetValue(groupVersionPath, out var entry);
        (body, hash) = entry;
        return found;
    }

    private static IEnumerable<(string Group, string Version)> GroupVersions() =>
        ApiGroups.CustomVersions.Select(v => (ApiGroups.Custom, v))
            .Concat(ApiGroups.ExternalVersions.Select(v => (ApiGroups.External, v)));

    private static (string Path, string Summary)[] PathsOf(string group, string version)
    {
        var prefix = $"/apis/{group}/{version}";
        if (group == ApiGroups.External)
            return [($"{prefix}/namespaces/{{namespace}}/{{metric}}", "read an external metric's series, selected by labelSelector")];
        return
        [
            ($"{prefix}/namespaces/{{namespace}}/{{resource}}/{{name}}/{{metric}}", "read a metric for a namespaced object, or for all objects matching labelSelector when name is *"),
            ($"{prefix}/namespaces/{{namespace}}/metrics/{{metric}}", "read a metric for the namespace itself"),
            ($"{prefix}/{{resource}}/{{name}}/{{metric}}", "read a metric for a cluster-scoped object"),
        ];
    }

    private static JsonObject Operation(string summary, string path, JsonObject schemaRef, bool v2)
    {
        var parameters = new JsonArray();
        foreach (var name in new[] { "namespace", "resource", "name", "metric" }.Where(n => path.Contains($"{{{n}}}")))
            parameters.Add(Parameter(name, "path", required: true, v2));
        parameters.Add(Parameter("labelSelector", "query", required: false, v2));
        parameters.Add(Parameter("metricLabelSelector", "query", required: false, v2));
        var ok = v2
            ? new JsonObject { ["description"] = "OK", ["schema"] = schemaRef }
            : new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemaRef } } };
        return new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["summary"] = summary,
                ["parameters"] = parameters,
                ["responses"] = new JsonObject { ["200"] = ok },
            },
        };
    }

    private static JsonObject Parameter(string name, string location, bool required, bool v2)
    {
        var parameter = new JsonObject { ["name"] = name, ["in"] = location, ["required"] = required };
        if (v2) parameter["type"] = "string";
        else parameter["schema"] = new JsonObject { ["type"] = "string" };
        return parameter;
    }
}
