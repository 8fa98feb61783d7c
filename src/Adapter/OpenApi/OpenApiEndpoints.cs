namespace Headroom.Adapter.OpenApi;

/// <summary>Serves the OpenAPI documents; a hashed v3 URL is immutable and may be cached for ever.</summary>
public static class OpenApiEndpoints
{
    /// <summary>Maps /openapi/v2, /openapi/v3 and /openapi/v3/apis/{group}/{version}.</summary>
    public static void MapOpenApi(this IEndpointRouteBuilder app, OpenApiDocuments documents)
    {
        app.MapGet("/openapi/v2", () => Results.Bytes(documents.V2, "application/json"));
        app.MapGet("/openapi/v3", () => Results.Bytes(documents.V3Root, "application/json"));
        app.MapGet("/openapi/v3/apis/{group}/{version}", (HttpContext ctx, string group, string version) =>
        {
            if (!documents.TryGetV3($"apis/{group}/{version}", out var body, out var hash))
                return Api.StatusResponses.WriteAsync(ctx, 404, $"no OpenAPI document for {group}/{version}");
            ctx.Response.Headers.ETag = $"\"{hash}\"";
            ctx.Response.Headers.CacheControl = ctx.Request.Query["hash"] == hash ? "public, immutable" : "no-cache, private";
            ctx.Response.ContentType = "application/json";
            return ctx.Response.Body.WriteAsync(body).AsTask();
        });
    }
}
