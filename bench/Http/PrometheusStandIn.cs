using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Headroom.Bench.Http;

/// <summary>
/// A stand-in for Prometheus' instant-query API, for HTTP load runs with many configured workloads: a query
/// that names a job (<c>job="w-12"</c>) gets two pods of that job (<c>w-12-0</c>, <c>w-12-1</c>), each with 0.5;
/// any other query gets an empty vector. It lets the adapter hold a full snapshot without a real Prometheus
/// answering thousands of queries on the machine that also runs the load.
/// Usage: prometheus-stand-in PORT.
/// </summary>
public static partial class PrometheusStandIn
{
    [GeneratedRegex("job=\"([^\"]+)\"")]
    private static partial Regex Job();

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{int.Parse(args[0])}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/v1/query", async (HttpContext ctx) =>
        {
            var query = (await ctx.Request.ReadFormAsync())["query"].ToString();
            var job = Job().Match(query);
            var series = job.Success
                ? $$$"""{"metric":{"pod":"{{{job.Groups[1].Value}}}-0"},"value":[0,"0.5"]},{"metric":{"pod":"{{{job.Groups[1].Value}}}-1"},"value":[0,"0.5"]}"""
                : "";
            return Results.Content($$$"""{"status":"success","data":{"resultType":"vector","result":[{{{series}}}]}}""", "application/json");
        });
        await app.RunAsync();
    }
}
