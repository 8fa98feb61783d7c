using System.Text.Json.Nodes;
using Headroom.Adapter.Api;
using Headroom.Adapter.Tests.Support;
using Headroom.Serving;
using Headroom.Serving.Provider;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Headroom.Adapter.Tests.Api;

/// <summary>
/// Reused answers are exactly what rendering again would give: reused while the snapshot and every sample in them are
/// fresh, rendered again after a new snapshot, and refused (503) once a sample passes its staleness bound.
/// </summary>
public sealed class RenderedAnswersTests
{
    private const string ExternalPath = "/apis/external.metrics.k8s.io/v1beta1/namespaces/llm/headroom_token_throughput";
    private const string PodsPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/llm/pods/*/headroom_token_throughput";
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private static readonly SignalOptions Options = new() { StaleAfter = TimeSpan.FromSeconds(30) };

    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotStore _store = new();
    private readonly CountingProvider _provider;
    private readonly RequestDelegate _pipeline;
    private readonly IServiceProvider _services;

    public RenderedAnswersTests()
    {
        _provider = new CountingProvider(new SnapshotMetricsProvider(_store, Options, _time));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRouting();
        builder.Services.AddSingleton<ICustomMetricsProvider>(_provider);
        builder.Services.AddSingleton<IExternalMetricsProvider>(_provider);
        builder.Services.AddSingleton(new RenderedAnswers(_time));
        var app = builder.Build();
        app.UseRouting();
        app.MapMetricsApi();
        app.UseEndpoints(_ => { });
        _services = app.Services;
        _pipeline = ((IApplicationBuilder)app).Build();
        Publish(500);
    }

    private void Publish(double tokensPerSecond)
    {
        var values = new MetricValues();
        values.Set(CatalogMetric.TokenThroughput, tokensPerSecond);
        var pod = new PodSignals("chat-0", new Dictionary<string, string> { ["app"] = "chat" }, null, values);
        var at = _time.GetUtcNow();
        _store.Publish(new SignalSnapshot(at, [new WorkloadSignals(Chat, at, null, values, [pod], null)]));
    }

    private async Task<(int Status, JsonNode? Body)> GetAsync(string path, string query)
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

    private static string ExternalValue(JsonNode? body) => body!["items"]![0]!["value"]!.GetValue<string>();

    [Fact]
    public async Task Same_question_on_the_same_snapshot_is_answered_without_asking_the_provider_again()
    {
        var first = await GetAsync(ExternalPath, "?labelSelector=workload%3Dchat");
        var second = await GetAsync(ExternalPath, "?labelSelector=workload%3Dchat");

        Assert.Equal((200, "500"), (first.Status, ExternalValue(first.Body)));
        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.Equal(1, _provider.ExternalCalls);
    }

    [Fact]
    public async Task A_new_snapshot_is_rendered_again()
    {
        await GetAsync(ExternalPath, "?labelSelector=workload%3Dchat");
        _time.Advance(TimeSpan.FromSeconds(15));
        Publish(700);

        var after = await GetAsync(ExternalPath, "?labelSelector=workload%3Dchat");

        Assert.Equal((200, "700"), (after.Status, ExternalValue(after.Body)));
        Assert.Equal(2, _provider.ExternalCalls);
    }

    [Fact]
    public async Task A_sample_past_its_staleness_bound_is_refused_not_reused()
    {
        await GetAsync(PodsPath, "?labelSelector=app%3Dchat");
        _time.Advance(TimeSpan.FromSeconds(30));
        var atBound = await GetAsync(PodsPath, "?labelSelector=app%3Dchat");
        _time.Advance(TimeSpan.FromSeconds(1));
        var past = await GetAsync(PodsPath, "?labelSelector=app%3Dchat");

        Assert.Equal(200, atBound.Status);
        Assert.Equal("500", atBound.Body!["items"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(503, past.Status);
        Assert.Equal("Status", past.Body!["kind"]!.GetValue<string>());
        Assert.Equal(2, _provider.CustomCalls);
    }

    [Fact]
    public async Task Different_questions_get_their_own_answers()
    {
        var chat = await GetAsync(ExternalPath, "?labelSelector=workload%3Dchat");
        var none = await GetAsync(ExternalPath, "?labelSelector=workload%3Dcode");
        var bad = await GetAsync(ExternalPath, "?labelSelector=workload%3D%3D%3D");
        var badAgain = await GetAsync(ExternalPath, "?labelSelector=workload%3D%3D%3D");

        Assert.Single(chat.Body!["items"]!.AsArray());
        Assert.Empty(none.Body!["items"]!.AsArray());
        Assert.Equal((400, 400), (bad.Status, badAgain.Status));
        // A selector that does not parse never reaches the provider.
        Assert.Equal(2, _provider.ExternalCalls);
    }

    [Fact]
    public void Unit_reuse_needs_the_same_data_version_and_a_fresh_answer()
    {
        var answers = new RenderedAnswers(_time);
        var version = new object();
        var freshUntil = _time.GetUtcNow() + TimeSpan.FromSeconds(10);

        Assert.False(answers.TryGet("q", version, out _));
        answers.Remember("q", version, freshUntil, [1, 2, 3]);
        Assert.True(answers.TryGet("q", version, out var body));
        Assert.Equal([1, 2, 3], body);
        Assert.False(answers.TryGet("q", new object(), out _));
        Assert.False(answers.TryGet("other", version, out _));
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.False(answers.TryGet("q", version, out _));
    }

    [Fact]
    public void Past_the_entry_bound_everything_kept_is_dropped()
    {
        var answers = new RenderedAnswers(_time);
        var version = new object();
        for (var i = 0; i < 4096; i++) answers.Remember($"q{i}", version, DateTimeOffset.MaxValue, [1]);
        Assert.True(answers.TryGet("q0", version, out _));

        answers.Remember("q0", version, DateTimeOffset.MaxValue, [2]);
        Assert.True(answers.TryGet("q4095", version, out _));
        answers.Remember("one too many", version, DateTimeOffset.MaxValue, [3]);

        Assert.False(answers.TryGet("q0", version, out _));
        Assert.True(answers.TryGet("one too many", version, out _));
    }

    [Fact]
    public void Past_the_byte_bound_everything_kept_is_dropped_and_an_oversized_answer_is_not_kept()
    {
        var answers = new RenderedAnswers(_time);
        var version = new object();
        var nineMiB = new byte[9 * 1024 * 1024];
        answers.Remember("a", version, DateTimeOffset.MaxValue, nineMiB);
        answers.Remember("a", version, DateTimeOffset.MaxValue, nineMiB);
        Assert.True(answers.TryGet("a", version, out _));

        answers.Remember("b", version, DateTimeOffset.MaxValue, nineMiB);
        Assert.False(answers.TryGet("a", version, out _));
        Assert.True(answers.TryGet("b", version, out _));

        answers.Remember("huge", version, DateTimeOffset.MaxValue, new byte[17 * 1024 * 1024]);
        Assert.False(answers.TryGet("huge", version, out _));
        Assert.True(answers.TryGet("b", version, out _));
    }

    [Fact]
    public void Answers_with_no_samples_stay_fresh_until_the_data_changes()
    {
        var at = _time.GetUtcNow();
        Assert.Equal(DateTimeOffset.MaxValue, RenderedAnswers.FreshUntil([]));
        Assert.Equal(at.AddSeconds(5), RenderedAnswers.FreshUntil(
        [
            new MetricSample("m", new Dictionary<string, string>(), at, TimeSpan.Zero, 1, at.AddSeconds(9)),
            new MetricSample("m", new Dictionary<string, string>(), at, TimeSpan.Zero, 1, at.AddSeconds(5)),
        ]));
    }

    /// <summary>The snapshot provider, counting how often the HTTP layer asks it.</summary>
    private sealed class CountingProvider(SnapshotMetricsProvider inner) : ICustomMetricsProvider, IExternalMetricsProvider
    {
        public int CustomCalls;
        public int ExternalCalls;

        public object DataVersion => inner.DataVersion;

        public ObjectMetricSample GetMetricByName(string? ns, GroupResource resource, string name, string metric, LabelSelector metricSelector)
        {
            CustomCalls++;
            return inner.GetMetricByName(ns, resource, name, metric, metricSelector);
        }

        public IReadOnlyList<ObjectMetricSample> GetMetricBySelector(string? ns, GroupResource resource, LabelSelector selector, string metric, LabelSelector metricSelector)
        {
            CustomCalls++;
            return inner.GetMetricBySelector(ns, resource, selector, metric, metricSelector);
        }

        public IReadOnlyList<CustomMetricInfo> ListAllMetrics() => inner.ListAllMetrics();

        public IReadOnlyList<MetricSample> GetExternalMetric(string ns, LabelSelector selector, string metric)
        {
            ExternalCalls++;
            return inner.GetExternalMetric(ns, selector, metric);
        }

        public IReadOnlyList<string> ListAllExternalMetrics() => inner.ListAllExternalMetrics();
    }
}
