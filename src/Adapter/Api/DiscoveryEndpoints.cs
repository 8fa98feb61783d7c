using Headroom.Serving.Provider;
using Microsoft.Net.Http.Headers;

namespace Headroom.Adapter.Api;

/// <summary>
/// Discovery documents. The aggregator asks /apis for aggregated discovery; this server answers plain
/// APIGroupList JSON when the client also accepts that, and 406 when it does not. kube-aggregator treats
/// anything but an aggregated 200 as "fall back to /apis/{group}/{version}", while a 503 could mark the group stale.
/// </summary>
public static class DiscoveryEndpoints
{
    /// <summary>Maps /apis, /apis/{group}, /apis/{group}/{version} and /version.</summary>
    public static void MapDiscovery(this IEndpointRouteBuilder app, VersionInfo version)
    {
        app.MapGet("/apis", (HttpContext ctx) => AcceptsPlainJson(ctx.Request)
            ? ResponseBodies.WriteJsonAsync(ctx, GroupList, ApiJsonContext.Default.ApiGroupList)
            : StatusResponses.WriteAsync(ctx, 406, "only application/json (APIGroupList) is served at /apis; aggregated discovery is not"));
        app.MapGet("/apis/{group}", (HttpContext ctx, string group) =>
            GroupList.Groups.FirstOrDefault(g => g.Name == group) is { } found
                ? ResponseBodies.WriteJsonAsync(ctx, found, ApiJsonContext.Default.ApiGroup)
                : StatusResponses.WriteAsync(ctx, 404, $"the server could not find the requested resource: group {group} is not served"));
        app.MapGet("/apis/{group}/{version}", (HttpContext ctx, string group, string version) =>
            ResourceList(ctx, group, version) is { } list
                ? ResponseBodies.WriteJsonAsync(ctx, list, ApiJsonContext.Default.ApiResourceList)
                : StatusResponses.WriteAsync(ctx, 404, $"the server could not find the requested resource: {group}/{version} is not served"));
        app.MapGet("/version", (HttpContext ctx) => ResponseBodies.WriteJsonAsync(ctx, version, ApiJsonContext.Default.VersionInfo));
    }

    private static readonly ApiGroupList GroupList = new(
    [
        Group(ApiGroups.Custom, ApiGroups.CustomVersions),
        Group(ApiGroups.External, ApiGroups.ExternalVersions),
    ]);

    private static ApiGroup Group(string name, IReadOnlyList<string> versions)
    {
        var listed = versions.Select(v => new GroupVersionForDiscovery($"{name}/{v}", v)).ToArray();
        return new ApiGroup(name, listed, listed[0]);
    }

    private static ApiResourceList? ResourceList(HttpContext ctx, string group, string version)
    {
        if (ApiGroups.VersionsOf(group) is not { } versions || !versions.Contains(version)) return null;
        string[] verbs = ["get"];
        if (group == ApiGroups.External)
        {
            var external = ctx.RequestServices.GetRequiredService<IExternalMetricsProvider>();
            return new ApiResourceList($"{group}/{version}",
                external.ListAllExternalMetrics().Select(m => new ApiResource(m, "", true, "ExternalMetricValueList", verbs)).ToArray());
        }
        var custom = ctx.RequestServices.GetRequiredService<ICustomMetricsProvider>();
        return new ApiResourceList($"{group}/{version}",
            custom.ListAllMetrics().Select(m => new ApiResource($"{m.Resource}/{m.Metric}", "", m.Namespaced, "MetricValueList", verbs)).ToArray());
    }

    private static bool AcceptsPlainJson(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0) return true;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types)) return true;
        // A media type with parameters (g=, v=, as=) names a specific kind; only a bare one means APIGroupList is fine.
        return types.Any(t => t.Parameters.All(p => p.Name.Equals("q", StringComparison.OrdinalIgnoreCase))
            && (t.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || t.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || t.MediaType.Equals("*/*", StringComparison.Ordinal)));
    }
}
