using Microsoft.AspNetCore.Routing.Patterns;

namespace Headroom.Adapter.Api;

/// <summary>
/// Refuses a request whose path matched a route only because ASP.NET Core compares literals without case:
/// authorization reads the path as Kubernetes does, case for case, so the route must read it the same way,
/// or <c>/APIS/...</c> would be authorized as one thing and answered as another.
/// </summary>
public static class ExactPathMatch
{
    /// <summary>Adds the check; place it after routing and before the endpoints run.</summary>
    public static IApplicationBuilder UseExactPathMatch(this IApplicationBuilder app) => app.Use((ctx, next) =>
        ctx.GetEndpoint() is RouteEndpoint route && !LiteralsMatch(route.RoutePattern, ctx.Request.Path.Value ?? "")
            ? StatusResponses.WriteAsync(ctx, 404, "the server could not find the requested resource")
            : next(ctx));

    /// <summary>Whether every literal segment of the pattern appears in the path with the same case.</summary>
    public static bool LiteralsMatch(RoutePattern pattern, string path)
    {
        var segments = path.AsSpan().Trim('/');
        foreach (var segment in pattern.PathSegments)
        {
            var end = segments.IndexOf('/');
            var actual = end < 0 ? segments : segments[..end];
            segments = end < 0 ? [] : segments[(end + 1)..];
            if (segment.Parts is [RoutePatternLiteralPart literal] && !actual.SequenceEqual(literal.Content)) return false;
            if (segment.Parts is [RoutePatternParameterPart { IsCatchAll: true }]) return true;
        }
        return true;
    }
}
