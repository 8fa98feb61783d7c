using System.Text.Json.Nodes;
using Headroom.Adapter.Auth;
using Headroom.Adapter.Tests.Support;
using k8s;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Auth;

public sealed class SubjectAccessReviewAuthorizerTests : IAsyncLifetime
{
    private const string CustomPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/headroom_queue_depth";
    private const string ExternalPath = "/apis/external.metrics.k8s.io/v1beta1/namespaces/demo/headroom_queue_depth";
    private static readonly TimeSpan AuthorizedTtl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan UnauthorizedTtl = TimeSpan.FromSeconds(3);
    private static readonly UserInfo Alice = new("alice", ["system:authenticated", "dev"]);

    private readonly string _directory = Directory.CreateTempSubdirectory("headroom-sar-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();
    private FakeKubernetesApi _api = null!;
    private SubjectAccessReviewAuthorizer _reviews = null!;
    private SystemMastersAuthorizer _authorizer = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync(_directory);
        _reviews = new SubjectAccessReviewAuthorizer(new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_api.KubeconfigPath)),
            AuthorizedTtl, UnauthorizedTtl, TimeSpan.FromSeconds(2), _time, _logs.CreateFactory().CreateLogger<SubjectAccessReviewAuthorizer>());
        _authorizer = new SystemMastersAuthorizer(_reviews);
    }

    private ValueTask<string?> DenyReasonAsync(UserInfo user, string path) =>
        _authorizer.DenyReasonAsync(user, RequestAttributesParser.FromPath(path), default);

    [Fact]
    public async Task Allowed_review_allows()
    {
        _api.Allow("alice", "list", "pods");

        Assert.Null(await DenyReasonAsync(Alice, CustomPath));
        Assert.Equal(1, _api.AccessReviews);
    }

    [Fact]
    public async Task Custom_metrics_request_is_reviewed_with_its_resource_attributes()
    {
        await DenyReasonAsync(Alice, CustomPath);

        var spec = Assert.Single(_api.AccessReviewSpecs);
        Assert.Equal("alice", spec["user"]!.GetValue<string>());
        Assert.Equal(["dev", "system:authenticated"], spec["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Null(spec["nonResourceAttributes"]);
        AssertAttributes(spec["resourceAttributes"]!.AsObject(), new()
        {
            ["group"] = "custom.metrics.k8s.io",
            ["version"] = "v1beta2",
            ["namespace"] = "demo",
            ["resource"] = "pods",
            ["subresource"] = "headroom_queue_depth",
            ["verb"] = "list",
        });
    }

    [Fact]
    public async Task External_metrics_request_is_reviewed_with_the_metric_as_the_resource()
    {
        await DenyReasonAsync(Alice, ExternalPath);

        AssertAttributes(Assert.Single(_api.AccessReviewSpecs)["resourceAttributes"]!.AsObject(), new()
        {
            ["group"] = "external.metrics.k8s.io",
            ["version"] = "v1beta1",
            ["namespace"] = "demo",
            ["resource"] = "headroom_queue_depth",
            ["verb"] = "list",
        });
    }

    [Fact]
    public async Task Version_is_reviewed_as_a_non_resource_path()
    {
        await DenyReasonAsync(Alice, "/version");

        var spec = Assert.Single(_api.AccessReviewSpecs);
        Assert.Null(spec["resourceAttributes"]);
        AssertAttributes(spec["nonResourceAttributes"]!.AsObject(), new() { ["path"] = "/version", ["verb"] = "get" });
    }

    [Fact]
    public async Task Denied_review_refuses_with_its_reason()
    {
        _api.Deny("alice", "list", "pods", "tenant policy forbids pod metrics");

        var reason = await DenyReasonAsync(Alice, CustomPath);

        Assert.Equal("user \"alice\" cannot list resource \"pods/headroom_queue_depth\" in API group \"custom.metrics.k8s.io\" in the namespace \"demo\": tenant policy forbids pod metrics", reason);
    }

    [Fact]
    public async Task No_opinion_refuses_without_a_reason_suffix()
    {
        var reason = await DenyReasonAsync(Alice, "/version");

        Assert.Equal("user \"alice\" cannot get path \"/version\"", reason);
    }

    [Fact]
    public async Task Allowed_and_denied_verdicts_are_cached_for_their_own_ttls()
    {
        _api.Allow("alice", "list", "pods");
        Assert.Null(await DenyReasonAsync(Alice, CustomPath));
        Assert.NotNull(await DenyReasonAsync(Alice, ExternalPath));
        Assert.Null(await DenyReasonAsync(Alice, CustomPath));
        Assert.NotNull(await DenyReasonAsync(Alice, ExternalPath));
        Assert.Equal(2, _api.AccessReviews);

        _time.Advance(UnauthorizedTtl);
        Assert.Null(await DenyReasonAsync(Alice, CustomPath));
        Assert.NotNull(await DenyReasonAsync(Alice, ExternalPath));
        Assert.Equal(3, _api.AccessReviews);

        _time.Advance(AuthorizedTtl - UnauthorizedTtl);
        Assert.Null(await DenyReasonAsync(Alice, CustomPath));
        Assert.Equal(4, _api.AccessReviews);
    }

    [Fact]
    public async Task Cache_is_keyed_by_user_groups_and_attributes()
    {
        _api.Allow("alice", "*", "*");
        await DenyReasonAsync(Alice, CustomPath);
        await DenyReasonAsync(Alice with { Groups = ["dev"] }, CustomPath);
        await DenyReasonAsync(new UserInfo("bob", Alice.Groups), CustomPath);
        await DenyReasonAsync(Alice, CustomPath.Replace("v1beta2", "v1beta1"));
        await DenyReasonAsync(Alice with { Groups = ["dev", "system:authenticated"] }, CustomPath);

        Assert.Equal(4, _api.AccessReviews);
    }

    [Fact]
    public void Cache_key_tells_apart_specs_whose_fields_run_together()
    {
        var request = RequestAttributesParser.FromPath("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/*/q");
        var keys = new[]
        {
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a|b", []), request),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", ["b"]), request),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", ["b", ""]), request),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", []) { Extra = new Dictionary<string, IReadOnlyList<string>> { ["b"] = [] } }, request),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", []) { Extra = new Dictionary<string, IReadOnlyList<string>> { ["b"] = ["c"] } }, request),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", []), RequestAttributesParser.FromPath("/apis/custom.metrics.k8s.io/v1beta2/namespaces/demo/pods/p/q")),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", []), RequestAttributesParser.FromPath("/version")),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", []), RequestAttributesParser.FromPath("/openapi/v2")),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Cache_key_ignores_the_order_of_groups_and_extras()
    {
        var request = RequestAttributesParser.FromPath("/version");
        var extra = new Dictionary<string, IReadOnlyList<string>> { ["scopes"] = ["x"], ["audience"] = ["y"] };
        var reordered = new Dictionary<string, IReadOnlyList<string>> { ["audience"] = ["y"], ["scopes"] = ["x"] };
        Assert.Equal(
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", ["dev", "ops"]) { Extra = extra }, request),
            SubjectAccessReviewAuthorizer.CacheKey(new UserInfo("a", ["ops", "dev"]) { Extra = reordered }, request));
    }

    [Theory]
    [InlineData(FakeApiFailure.ServerError)]
    [InlineData(FakeApiFailure.Hang)]
    public async Task Failed_review_refuses_clearly_and_is_not_cached(FakeApiFailure failure)
    {
        _api.Allow("alice", "list", "pods");
        _api.AccessReviewFailure = failure;

        var reason = await DenyReasonAsync(Alice, CustomPath);

        Assert.StartsWith("authorization check failed: ", reason);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("SubjectAccessReview for alice failed"));
        _api.AccessReviewFailure = FakeApiFailure.None;
        Assert.Null(await DenyReasonAsync(Alice, CustomPath));
        Assert.Equal(2, _api.AccessReviews);
    }

    [Fact]
    public async Task System_masters_are_allowed_without_a_review()
    {
        var admin = new UserInfo("admin", [UserInfo.SystemMasters]);

        Assert.Null(await DenyReasonAsync(admin, CustomPath));
        Assert.Null(await DenyReasonAsync(admin, "/version"));
        Assert.Equal(0, _api.AccessReviews);
    }

    [Fact]
    public async Task Without_a_delegated_authorizer_only_system_masters_are_allowed()
    {
        var alone = new SystemMastersAuthorizer();

        Assert.Null(await alone.DenyReasonAsync(new UserInfo("admin", [UserInfo.SystemMasters]), RequestAttributesParser.FromPath(CustomPath), default));
        Assert.Contains("only system:masters", await alone.DenyReasonAsync(Alice, RequestAttributesParser.FromPath(CustomPath), default));
    }

    private static void AssertAttributes(JsonObject actual, Dictionary<string, string> expected) =>
        Assert.Equal(expected.OrderBy(p => p.Key), actual.Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>())).OrderBy(p => p.Key));

    public async Task DisposeAsync()
    {
        _reviews.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
