using System.Text.Json.Serialization;

namespace Headroom.Adapter.Api;

// Wire shapes of the Kubernetes types this server returns, field for field as k8s.io/apimachinery and
// k8s.io/metrics define them. Optional fields are omitted when null, as Go's omitempty does.

/// <summary>metav1.ListMeta; always empty here.</summary>
public sealed record ListMeta;

/// <summary>metav1.Status, the body of every error.</summary>
public sealed record Status(string Message, string Reason, int Code, StatusDetails? Details)
{
    public string Kind => "Status";
    public string ApiVersion => "v1";
    public ListMeta Metadata { get; } = new();
    [JsonPropertyName("status")] public string Outcome => "Failure";
}

/// <summary>metav1.StatusDetails.</summary>
public sealed record StatusDetails(string? Name, string? Group, string? Kind);

/// <summary>v1.ObjectReference as custom metrics use it for describedObject.</summary>
public sealed record ObjectReference(string Kind, string? Namespace, string Name, string ApiVersion);

/// <summary>metav1.LabelSelector.</summary>
public sealed record LabelSelectorJson(
    IReadOnlyDictionary<string, string>? MatchLabels,
    IReadOnlyList<LabelSelectorRequirementJson>? MatchExpressions);

/// <summary>metav1.LabelSelectorRequirement.</summary>
public sealed record LabelSelectorRequirementJson(string Key, string Operator, IReadOnlyList<string>? Values);

/// <summary>custom.metrics.k8s.io/v1beta1 MetricValue.</summary>
public sealed record MetricValueV1Beta1(
    ObjectReference DescribedObject,
    string MetricName,
    string Timestamp,
    [property: JsonPropertyName("window")] long? WindowSeconds,
    string Value,
    LabelSelectorJson? Selector);

/// <summary>custom.metrics.k8s.io/v1beta2 MetricIdentifier.</summary>
public sealed record MetricIdentifier(string Name, LabelSelectorJson? Selector);

/// <summary>custom.metrics.k8s.io/v1beta2 MetricValue.</summary>
public sealed record MetricValueV1Beta2(
    ObjectReference DescribedObject,
    MetricIdentifier Metric,
    string Timestamp,
    long? WindowSeconds,
    string Value);

/// <summary>custom.metrics.k8s.io MetricValueList, either version.</summary>
public sealed record MetricValueList<T>(string ApiVersion, IReadOnlyList<T> Items)
{
    public string Kind => "MetricValueList";
    public ListMeta Metadata { get; } = new();
}

/// <summary>external.metrics.k8s.io/v1beta1 ExternalMetricValue.</summary>
public sealed record ExternalMetricValue(
    string MetricName,
    IReadOnlyDictionary<string, string> MetricLabels,
    string Timestamp,
    [property: JsonPropertyName("window")] long? WindowSeconds,
    string Value);

/// <summary>external.metrics.k8s.io/v1beta1 ExternalMetricValueList.</summary>
public sealed record ExternalMetricValueList(IReadOnlyList<ExternalMetricValue> Items)
{
    public string Kind => "ExternalMetricValueList";
    public string ApiVersion => "external.metrics.k8s.io/v1beta1";
    public ListMeta Metadata { get; } = new();
}

/// <summary>metav1.GroupVersionForDiscovery.</summary>
public sealed record GroupVersionForDiscovery(string GroupVersion, string Version);

/// <summary>metav1.APIGroup.</summary>
public sealed record ApiGroup(string Name, IReadOnlyList<GroupVersionForDiscovery> Versions, GroupVersionForDiscovery PreferredVersion)
{
    public string Kind => "APIGroup";
    public string ApiVersion => "v1";
}

/// <summary>metav1.APIGroupList.</summary>
public sealed record ApiGroupList(IReadOnlyList<ApiGroup> Groups)
{
    public string Kind => "APIGroupList";
    public string ApiVersion => "v1";
}

/// <summary>metav1.APIResource.</summary>
public sealed record ApiResource(string Name, string SingularName, bool Namespaced, string Kind, IReadOnlyList<string> Verbs);

/// <summary>metav1.APIResourceList.</summary>
public sealed record ApiResourceList(string GroupVersion, IReadOnlyList<ApiResource> Resources)
{
    public string Kind => "APIResourceList";
    public string ApiVersion => "v1";
}

/// <summary>version.Info, as /version returns it.</summary>
public sealed record VersionInfo(
    string Major, string Minor, string GitVersion, string GitCommit, string GitTreeState,
    string BuildDate, string GoVersion, string Compiler, string Platform);
