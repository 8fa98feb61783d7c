namespace Headroom.Adapter.Api;

/// <summary>The API groups and versions this server serves.</summary>
public static class ApiGroups
{
    /// <summary>custom.metrics.k8s.io.</summary>
    public const string Custom = "custom.metrics.k8s.io";

    /// <summary>external.metrics.k8s.io.</summary>
    public const string External = "external.metrics.k8s.io";

    /// <summary>Versions of custom.metrics.k8s.io, preferred first.</summary>
    public static IReadOnlyList<string> CustomVersions { get; } = ["v1beta2", "v1beta1"];

    /// <summary>Versions of external.metrics.k8s.io, preferred first.</summary>
    public static IReadOnlyList<string> ExternalVersions { get; } = ["v1beta1"];

    /// <summary>The versions of a group, or null for a group not served.</summary>
    public static IReadOnlyList<string>? VersionsOf(string group) => group switch
    {
        Custom => CustomVersions,
        External => ExternalVersions,
        _ => null,
    };
}
