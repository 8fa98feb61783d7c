using System.Text.Json.Nodes;

namespace Headroom.Adapter.OpenApi;

/// <summary>JSON schemas of the served types, shared by the OpenAPI v2 and v3 documents.</summary>
internal static class OpenApiSchemas
{
    public static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };

    public static JsonObject Int(string description) => new() { ["type"] = "integer", ["format"] = "int64", ["description"] = description };

    public static JsonObject StringMap(string description) => new()
    {
        ["type"] = "object",
        ["description"] = description,
        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
    };

    public static JsonObject Obj(string description, JsonObject properties, params string[] required)
    {
        var schema = new JsonObject { ["type"] = "object", ["description"] = description, ["properties"] = properties };
        if (required.Length > 0) schema["required"] = new JsonArray(required.Select(r => (JsonNode)r!).ToArray());
        return schema;
    }

    public static JsonObject ListOf(JsonObject item, string description, string group, string version, string kind)
    {
        var schema = Obj(description, new JsonObject
        {
            ["kind"] = Str("Kind of the list."),
            ["apiVersion"] = Str("API version of the list."),
            ["metadata"] = Obj("Standard list metadata.", []),
            ["items"] = new JsonObject { ["type"] = "array", ["items"] = item },
        }, "items");
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind });
        return schema;
    }

    public static JsonObject Selector() => Obj("A label selector.", new JsonObject
    {
        ["matchLabels"] = StringMap("Labels that must equal these values."),
        ["matchExpressions"] = new JsonObject
        {
            ["type"] = "array",
            ["items"] = Obj("A selector requirement.", new JsonObject
            {
                ["key"] = Str("Label key."),
                ["operator"] = Str("In, NotIn, Exists or DoesNotExist."),
                ["values"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            }, "key", "operator"),
        },
    });

    public static JsonObject DescribedObject() => Obj("The object the metric describes.", new JsonObject
    {
        ["kind"] = Str("Kind of the object."),
        ["namespace"] = Str("Namespace of the object."),
        ["name"] = Str("Name of the object."),
        ["apiVersion"] = Str("API version of the object."),
    });

    /// <summary>The list schema of a group version, by type name.</summary>
    public static (string Name, JsonObject Schema) ListSchema(string group, string version)
    {
        const string quantity = "The value, as a Kubernetes quantity string (for example 1500m).";
        const string timestamp = "When the value was observed (RFC 3339).";
        if (group == Api.ApiGroups.External)
        {
            var item = Obj("One series of an external metric.", new JsonObject
            {
                ["metricName"] = Str("Metric name."),
                ["metricLabels"] = StringMap("Labels of the series."),
                ["timestamp"] = Str(timestamp),
                ["window"] = Int("Seconds of data behind the value."),
                ["value"] = Str(quantity),
            }, "metricName", "metricLabels", "timestamp", "value");
            return ("io.headroom.external_metrics.v1beta1.ExternalMetricValueList",
                ListOf(item, "A list of external metric values.", group, version, "ExternalMetricValueList"));
        }
        var properties = version == "v1beta1"
            ? new JsonObject
            {
                ["describedObject"] = DescribedObject(),
                ["metricName"] = Str("Metric name."),
                ["timestamp"] = Str(timestamp),
                ["window"] = Int("Seconds of data behind the value."),
                ["value"] = Str(quantity),
                ["selector"] = Selector(),
            }
            : new JsonObject
            {
                ["describedObject"] = DescribedObject(),
                ["metric"] = Obj("Which metric.", new JsonObject { ["name"] = Str("Metric name."), ["selector"] = Selector() }, "name"),
                ["timestamp"] = Str(timestamp),
                ["windowSeconds"] = Int("Seconds of data behind the value."),
                ["value"] = Str(quantity),
            };
        return ($"io.headroom.custom_metrics.{version}.MetricValueList",
            ListOf(Obj("A metric value for one object.", properties, "describedObject", "timestamp", "value"),
                "A list of custom metric values.", group, version, "MetricValueList"));
    }
}
