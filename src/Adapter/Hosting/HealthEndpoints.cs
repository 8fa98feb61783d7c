using Headroom.Adapter.Api;
using Headroom.Serving;

namespace Headroom.Adapter.Hosting;

/// <summary>
/// /healthz, /livez and /readyz in the Kubernetes style: plain "ok", or a list of failed checks with ?verbose.
/// Readiness depends only on the first pipeline cycle having finished, never on a source being up:
/// an unready aggregated API breaks discovery for the whole cluster.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps the three health paths.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (HttpContext ctx) => Report(ctx, []));
        app.MapGet("/livez", (HttpContext ctx) => Report(ctx, []));
        app.MapGet("/readyz", (HttpContext ctx, SnapshotStore store) =>
            Report(ctx, [("snapshot", store.HasCompletedCycle ? null : "no pipeline cycle has completed yet")]));
    }

    private static Task Report(HttpContext ctx, (string Name, string? Failure)[] checks)
    {
        var failed = checks.Where(c => c.Failure is not null).ToArray();
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.StatusCode = failed.Length == 0 ? 200 : 500;
        if (!ctx.Request.Query.ContainsKey("verbose"))
            return ResponseBodies.WriteTextAsync(ctx, failed.Length == 0 ? "ok" : string.Join("\n", failed.Select(c => $"[-]{c.Name} failed: {c.Failure}")));
        var lines = checks.Select(c => c.Failure is null ? $"[+]{c.Name} ok" : $"[-]{c.Name} failed: {c.Failure}")
            .Prepend("[+]ping ok")
            .Append(failed.Length == 0 ? "healthz check passed" : "healthz check failed");
        return ResponseBodies.WriteTextAsync(ctx, string.Join("\n", lines) + "\n");
    }
}
