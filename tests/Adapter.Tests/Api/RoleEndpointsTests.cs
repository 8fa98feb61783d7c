using System.Text.Json.Nodes;
using Headroom.Adapter.Api;
using Headroom.Adapter.Keda;
using Headroom.Adapter.Tests.Support;
using Headroom.Serving;
using Headroom.Serving.History;
using Headroom.Serving.Provider;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Headroom.Adapter.Tests.Api;

/// <summary>
/// A workload with prefill and decode roles on the debug and metrics-api paths: each role is shown on its own, with
/// its role, and metrics-api reads the role its query names.
/// </summary>
public sealed class RoleEndpointsTests
{
    private static readonly WorkloadSpec Llama = new() { Name = "llama", Namespace = "llm", Selector = "app=llama" };
    private static readonly WorkloadSpec Prefill = Llama with { Deployment = "llama-prefill", Role = new WorkloadRole("prefill", WorkloadRole.LlmdRoleLabel, "prefill") };
    private static readonly WorkloadSpec Decode = Llama with { Deployment = "llama-decode", Role = new WorkloadRole("decode", WorkloadRole.LlmdRoleLabel, "decode") };
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };

    private readonly ManualTimeProvider _time = new();
    private readonly RequestDelegate _pipeline;
    private readonly IServiceProvider _services;

    public RoleEndpointsTests()
    {
        var store = new SnapshotStore();
        var options = new SignalOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRouting();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(SignalHistory.LastHour());
        builder.Services.AddSingleton<IWorkloadMetricsProvider>(new SnapshotMetricsProvider(store, options, _time));
        var app = builder.Build();
        app.UseRouting();
        app.MapDebug();
        app.MapKedaMetricsApi();
        app.UseEndpoints(_ => { });
        _services = app.Services;
        _pipeline = ((IApplicationBuilder)app).Build();
        var at = _time.GetUtcNow();
        store.Publish(new SignalSnapshot(at, [Observed(Prefill, at, 6), Observed(Decode, at, 2), Observed(Chat, at, 3)]));
    }

    private static WorkloadSignals Observed(WorkloadSpec spec, DateTimeOffset at, double desired)
    {
        var values = new MetricValues();
        values.Set(CatalogMetric.DesiredReplicas, desired);
        return new WorkloadSignals(spec, at, null, values, [], null);
    }

    private async Task<(int Status, JsonNode? Body)> GetAsync(string path, string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var body = new MemoryStream();
        context.Response.Body = body;
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        await _pipeline(context);
        await context.Response.BodyWriter.FlushAsync();
        return (context.Response.StatusCode, JsonNode.Parse(body.ToArray()));
    }

    [Fact]
    public async Task Debug_workloads_shows_each_role_on_its_own_and_no_role_for_a_workload_without()
    {
        var (status, body) = await GetAsync("/debug/workloads");

        Assert.Equal(200, status);
        var workloads = body!.AsArray().Select(w => (w!["workload"]!.GetValue<string>(), w["role"]?.GetValue<string>(),
            w["values"]!["headroom_desired_replicas"]!.GetValue<double>())).ToArray();
        Assert.Equal([("llama", "prefill", 6.0), ("llama", "decode", 2.0), ("chat", null, 3.0)], workloads);
    }

    [Fact]
    public async Task Metrics_api_reads_the_role_its_query_names()
    {
        var (decodeStatus, decode) = await GetAsync("/keda/v1/namespaces/llm/workloads/llama", "?role=decode");
        var (noneStatus, none) = await GetAsync("/keda/v1/namespaces/llm/workloads/llama");
        var (chatStatus, chat) = await GetAsync("/keda/v1/namespaces/llm/workloads/chat");

        Assert.Equal((200, 2.0), (decodeStatus, decode!["metrics"]!["headroom_desired_replicas"]!.GetValue<double>()));
        Assert.Equal(404, noneStatus);
        Assert.Contains("has roles (prefill, decode); name the one to read", none!["message"]!.GetValue<string>());
        Assert.Equal((200, 3.0), (chatStatus, chat!["metrics"]!["headroom_desired_replicas"]!.GetValue<double>()));
    }
}
