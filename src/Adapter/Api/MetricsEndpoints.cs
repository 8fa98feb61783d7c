using Headroom.Serving.Provider;
using Headroom.Signals.Selectors;

namespace Headroom.Adapter.Api;

/// <summary>The custom.metrics.k8s.io and external.metrics.k8s.io read paths, exactly as client-go builds them.</summary>
public static class MetricsEndpoints
{
    private const string CustomPrefix = "/apis/" + ApiGroups.Custom + "/{version}";
    private static readonly GroupResource NamespaceObjects = new("", "namespaces");

    /// <summary>Maps every metrics read path.</summary>
    public static void MapMetricsApi(this IEndpointRouteBuilder app)
    {
        // The namespace object itself: client-go's getForNamespace.
        app.MapGet(CustomPrefix + "/namespaces/{ns}/metrics/{metric}", (HttpContext ctx, string version, string ns, string metric) =>
            Custom(ctx, version, null, NamespaceObjects, ns, metric));
        app.MapGet(CustomPrefix + "/namespaces/{ns}/{resource}/{name}/{metric}", (HttpContext ctx, string version, string ns, string resource, string name, string metric) =>
            InScope(ctx, GroupResource.Parse(resource), ns) ?? Custom(ctx, version, ns, GroupResource.Parse(resource), name, metric));
        app.MapGet(CustomPrefix + "/{resource}/{name}/{metric}", (HttpContext ctx, string version, string resource, string name, string metric) =>
            InScope(ctx, GroupResource.Parse(resource), null) ?? Custom(ctx, version, null, GroupResource.Parse(resource), name, metric));
        app.MapGet("/apis/" + ApiGroups.External + "/v1beta1/namespaces/{ns}/{metric}", External);
    }

    // A namespaced path names objects in that namespace only, and a root path only cluster-scoped objects, as
    // custom-metrics-apiserver serves them: authorization checked the path's namespace (or none), so an object of
    // another scope must not be answered. A namespace's own metrics have one path, the namespace-object one.
    private static Task? InScope(HttpContext ctx, GroupResource resource, string? ns)
    {
        if (resource == NamespaceObjects)
            return StatusResponses.WriteAsync(ctx, 404, "the server could not find the requested resource: a namespace's metrics are at namespaces/{name}/metrics/{metric}");
        var namespaced = ns is not null;
        var served = false;
        foreach (var info in ctx.RequestServices.GetRequiredService<ICustomMetricsProvider>().ListAllMetrics())
        {
            if (info.Resource != resource) continue;
            if (info.Namespaced == namespaced) return null;
            served = true;
        }
        if (!served) return null;
        return StatusResponses.WriteAsync(ctx, 404, namespaced
            ? $"the server could not find the requested resource: {resource} is not namespaced"
            : $"the server could not find the requested resource: {resource} is namespaced; ask for it within a namespace");
    }

    private static Task Custom(HttpContext ctx, string version, string? ns, GroupResource resource, string name, string metric)
    {
        if (!ApiGroups.CustomVersions.Contains(version))
            return StatusResponses.WriteAsync(ctx, 404, $"the server could not find the requested resource: {ApiGroups.Custom}/{version} is not served");
        var custom = ctx.RequestServices.GetRequiredService<ICustomMetricsProvider>();
        return Answer(ctx, custom, () =>
        {
            var metricSelector = QuerySelectors.Read(ctx.Request, "metricLabelSelector");
            var samples = name == "*"
                ? custom.GetMetricBySelector(ns, resource, QuerySelectors.Read(ctx.Request, "labelSelector"), metric, metricSelector)
                : [custom.GetMetricByName(ns, resource, name, metric, metricSelector)];
            var selector = WireFormat.Selector(metricSelector);
            var body = version == "v1beta2"
                ? ResponseBodies.Json(new MetricValueList<MetricValueV1Beta2>(ApiGroups.Custom + "/v1beta2", samples.Select(s => WireFormat.V1Beta2(s, selector)).ToArray()),
                    ApiJsonContext.Default.MetricValueListMetricValueV1Beta2)
                : ResponseBodies.Json(new MetricValueList<MetricValueV1Beta1>(ApiGroups.Custom + "/v1beta1", samples.Select(s => WireFormat.V1Beta1(s, selector)).ToArray()),
                    ApiJsonContext.Default.MetricValueListMetricValueV1Beta1);
            return (body, RenderedAnswers.FreshUntil(samples.Select(s => s.Sample)));
        });
    }

    private static Task External(HttpContext ctx, string ns, string metric)
    {
        var external = ctx.RequestServices.GetRequiredService<IExternalMetricsProvider>();
        return Answer(ctx, external, () =>
        {
            var samples = external.GetExternalMetric(ns, QuerySelectors.Read(ctx.Request, "labelSelector"), metric);
            var body = ResponseBodies.Json(new ExternalMetricValueList(samples.Select(WireFormat.External).ToArray()), ApiJsonContext.Default.ExternalMetricValueList);
            return (body, RenderedAnswers.FreshUntil(samples));
        });
    }

    private static Task Answer(HttpContext ctx, IMetricsDataVersion provider, Func<(byte[] Body, DateTimeOffset FreshUntil)> render)
    {
        var answers = ctx.RequestServices.GetRequiredService<RenderedAnswers>();
        // Read before the provider is asked: an answer rendered from newer data than this is then only ever a miss.
        var version = provider.DataVersion;
        var question = string.Concat(ctx.Request.Path.Value, ctx.Request.QueryString.Value);
        if (answers.TryGet(question, version, out var rendered)) return ResponseBodies.WriteJsonAsync(ctx, rendered);
        try
        {
            var (body, freshUntil) = render();
            answers.Remember(question, version, freshUntil, body);
            return ResponseBodies.WriteJsonAsync(ctx, body);
        }
        catch (LabelSelectorException ex)
        {
            return StatusResponses.WriteAsync(ctx, 400, ex.Message);
        }
        catch (MetricsProviderException ex)
        {
            return StatusResponses.WriteAsync(ctx, ex.Error == ProviderError.NotFound ? 404 : 503, ex.Message);
        }
    }
}
