using System.Text.Json.Serialization;

namespace Headroom.Adapter.Api;

/// <summary>Source-generated JSON for every type served, so the hot path does no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(MetricValueList<MetricValueV1Beta1>))]
[JsonSerializable(typeof(MetricValueList<MetricValueV1Beta2>))]
[JsonSerializable(typeof(ExternalMetricValueList))]
[JsonSerializable(typeof(ApiGroupList))]
[JsonSerializable(typeof(ApiGroup))]
[JsonSerializable(typeof(ApiResourceList))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(DebugWorkload[]))]
[JsonSerializable(typeof(DebugHistory))]
[JsonSerializable(typeof(Keda.MetricsApiWorkload))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
