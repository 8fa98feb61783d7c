namespace Headroom.Adapter.Ui;

/// <summary>
/// <c>/ui</c>: the live page, a static page whose script polls <c>/debug/workloads</c> and <c>/debug/history</c> and draws
/// them. Authenticated and authorized like every other path (non-resource paths for SubjectAccessReview), so whoever may
/// read those may read the page.
/// </summary>
public static class UiEndpoints
{
    // The page loads only its own script and style and talks only to its own server; nothing it shows is markup.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly UiAsset Page = UiAsset.Load("index.html", "text/html; charset=utf-8");
    private static readonly UiAsset Script = UiAsset.Load("ui.js", "text/javascript; charset=utf-8");
    private static readonly UiAsset Style = UiAsset.Load("ui.css", "text/css; charset=utf-8");

    /// <summary>Maps the page and its script and style.</summary>
    public static void MapUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", ctx => Serve(ctx, Page));
        app.MapGet("/ui/ui.js", ctx => Serve(ctx, Script));
        app.MapGet("/ui/ui.css", ctx => Serve(ctx, Style));
    }

    private static Task Serve(HttpContext context, UiAsset asset)
    {
        var response = context.Response;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Body.Length;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return response.Body.WriteAsync(asset.Body).AsTask();
    }
}
