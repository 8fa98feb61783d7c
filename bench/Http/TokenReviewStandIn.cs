using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Headroom.Bench.Http;

/// <summary>
/// A stand-in for the kube-apiserver's TokenReview endpoint, for HTTP load runs: wrk cannot present a
/// client certificate, so it authenticates with a bearer token, which the adapter reviews once and caches.
/// Usage: token-review-stand-in PORT TOKEN. The token's user is in system:masters.
/// </summary>
public static class TokenReviewStandIn
{
    public static async Task RunAsync(string[] args)
    {
        var (port, token) = (int.Parse(args[0]), args[1]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/apis/authentication.k8s.io/v1/tokenreviews", async (HttpContext ctx) =>
        {
            var review = await JsonNode.ParseAsync(ctx.Request.Body);
            var good = review?["spec"]?["token"]?.GetValue<string>() == token;
            review!["status"] = good
                ? new JsonObject { ["authenticated"] = true, ["user"] = new JsonObject { ["username"] = "bench", ["groups"] = new JsonArray("system:masters", "system:authenticated") } }
                : new JsonObject { ["authenticated"] = false };
            return Results.Content(review.ToJsonString(), "application/json");
        });
        await app.RunAsync();
    }
}
