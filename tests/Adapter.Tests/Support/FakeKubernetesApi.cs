using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headroom.Adapter.Tests.Support;

/// <summary>How the fake API misbehaves.</summary>
public enum FakeApiFailure
{
    None,
    /// <summary>Every review gets a 500 Status.</summary>
    ServerError,
    /// <summary>Every review waits until the client gives up.</summary>
    Hang,
}

/// <summary>
/// A stand-in for the kube-apiserver, for tests only: plain HTTP on loopback, answering just the creation of
/// authentication.k8s.io/v1 TokenReviews and authorization.k8s.io/v1 SubjectAccessReviews with the real API's
/// JSON shapes, from rules the test sets. It counts calls, keeps the access review specs it was sent, can fail
/// on demand, and writes a kubeconfig that points at itself for the adapter's review flags.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    /// <summary>The credential the adapter must present, as a service account token would be in a cluster.</summary>
    public const string AdapterCredential = "fake-apiserver-adapter-credential";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string User, string[] Groups)> _tokens = new();
    private readonly ConcurrentQueue<AccessRule> _rules = new();
    private readonly ConcurrentDictionary<(string Token, string Key), string[]> _extras = new();
    private readonly ConcurrentQueue<JsonObject> _accessReviewSpecs = new();
    private int _tokenReviews;
    private int _accessReviews;

    private FakeKubernetesApi(WebApplication app, string kubeconfigPath)
    {
        _app = app;
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>A kubeconfig whose server is this fake and whose user presents <see cref="AdapterCredential"/>.</summary>
    public string KubeconfigPath { get; }

    /// <summary>TokenReviews answered or failed so far.</summary>
    public int TokenReviews => Volatile.Read(ref _tokenReviews);

    /// <summary>SubjectAccessReviews answered or failed so far.</summary>
    public int AccessReviews => Volatile.Read(ref _accessReviews);

    /// <summary>Every SubjectAccessReview spec received, oldest first.</summary>
    public IReadOnlyList<JsonObject> AccessReviewSpecs => [.. _accessReviewSpecs];

    /// <summary>How TokenReviews fail, if at all.</summary>
    public FakeApiFailure TokenReviewFailure { get; set; }

    /// <summary>How SubjectAccessReviews fail, if at all.</summary>
    public FakeApiFailure AccessReviewFailure { get; set; }

    /// <summary>How long each review takes, so concurrent callers overlap.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Starts on a free loopback port and writes the kubeconfig into the directory.</summary>
    public static async Task<FakeKubernetesApi> StartAsync(string directory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var kubeconfig = Path.Combine(directory, "fake-apiserver.kubeconfig");
        var fake = new FakeKubernetesApi(app, kubeconfig);
        app.MapPost("/apis/authentication.k8s.io/v1/tokenreviews", ctx =>
        {
            Interlocked.Increment(ref fake._tokenReviews);
            return fake.AnswerAsync(ctx, "authentication.k8s.io/v1", "TokenReview", fake.TokenReviewFailure, fake.TokenStatus);
        });
        app.MapPost("/apis/authorization.k8s.io/v1/subjectaccessreviews", ctx =>
        {
            Interlocked.Increment(ref fake._accessReviews);
            return fake.AnswerAsync(ctx, "authorization.k8s.io/v1", "SubjectAccessReview", fake.AccessReviewFailure, fake.AccessStatus);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake-apiserver
              cluster:
                server: {url}
            users:
            - name: adapter
              user:
                token: {AdapterCredential}
            contexts:
            - name: fake-apiserver
              context:
                cluster: fake-apiserver
                user: adapter
            current-context: fake-apiserver

            """);
        return fake;
    }

    /// <summary>TokenReviews of the token authenticate this user.</summary>
    public void AddToken(string token, string user, params string[] groups) => _tokens[token] = (user, groups);

    /// <summary>TokenReviews of the token also carry this extra attribute of the user.</summary>
    public void AddExtra(string token, string key, params string[] values) => _extras[(token, key)] = values;

    /// <summary>Allows the user the verb on a resource (resource requests) or a path (non-resource requests); <c>*</c> matches any.</summary>
    public void Allow(string user, string verb, string resourceOrPath) => _rules.Enqueue(new AccessRule(user, verb, resourceOrPath, true, "allowed by a test rule"));

    /// <summary>Allows the user every verb on every resource within one namespace only, as a RoleBinding there to a wildcard role does.</summary>
    public void AllowInNamespace(string user, string ns) => _rules.Enqueue(new AccessRule(user, "*", "*", true, $"allowed in {ns} by a test rule", ns));

    /// <summary>Denies outright, with the reason, as an authorizer that says no rather than having no opinion.</summary>
    public void Deny(string user, string verb, string resourceOrPath, string reason) => _rules.Enqueue(new AccessRule(user, verb, resourceOrPath, false, reason));

    private async Task AnswerAsync(HttpContext context, string apiVersion, string kind, FakeApiFailure failure, Func<JsonObject, JsonObject> status)
    {
        if (context.Request.Headers.Authorization != $"Bearer {AdapterCredential}")
        {
            await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, context.RequestAborted);
        switch (failure)
        {
            case FakeApiFailure.ServerError:
                await WriteStatusAsync(context, 500, "InternalError", "Internal error occurred: the fake API was told to fail");
                return;
            case FakeApiFailure.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
        }
        var review = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        if (review?["apiVersion"]?.GetValue<string>() != apiVersion || review["kind"]?.GetValue<string>() != kind || review["spec"] is not JsonObject spec)
        {
            await WriteStatusAsync(context, 400, "BadRequest", $"expected a {apiVersion} {kind} with a spec");
            return;
        }
        var answer = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status(spec),
        };
        context.Response.ContentType = "application/json";
        context.Response.StatusCode = 201;
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private JsonObject TokenStatus(JsonObject spec)
    {
        var token = spec["token"]?.GetValue<string>() ?? "";
        if (!_tokens.TryGetValue(token, out var user))
        {
            return new JsonObject { ["user"] = new JsonObject(), ["error"] = "[invalid bearer token, token not recognized by the fake API]" };
        }
        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = new JsonObject
            {
                ["username"] = user.User,
                ["uid"] = $"uid-{user.User}",
                ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g))]),
                ["extra"] = new JsonObject(_extras.Where(e => e.Key.Token == token)
                    .Select(e => KeyValuePair.Create(e.Key.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode)JsonValue.Create(v))])))),
            },
            ["audiences"] = new JsonArray("https://kubernetes.default.svc"),
        };
    }

    private JsonObject AccessStatus(JsonObject spec)
    {
        _accessReviewSpecs.Enqueue((JsonObject)spec.DeepClone());
        var user = spec["user"]?.GetValue<string>();
        var resource = spec["resourceAttributes"] as JsonObject;
        var target = resource is null ? spec["nonResourceAttributes"]?["path"]?.GetValue<string>() : resource["resource"]?.GetValue<string>();
        var verb = (resource ?? spec["nonResourceAttributes"] as JsonObject)?["verb"]?.GetValue<string>();
        // Denials first, as a deny-capable authorizer chain would decide.
        var ns = resource?["namespace"]?.GetValue<string>();
        var rule = _rules.OrderBy(r => r.Allowed).FirstOrDefault(r => r.User == user && Matches(r.Verb, verb) && Matches(r.Target, target)
            && (r.Namespace is null || (resource is not null && r.Namespace == ns)));
        return rule switch
        {
            null => new JsonObject { ["allowed"] = false },
            { Allowed: true } => new JsonObject { ["allowed"] = true, ["reason"] = rule.Reason },
            _ => new JsonObject { ["allowed"] = false, ["denied"] = true, ["reason"] = rule.Reason },
        };
    }

    private static bool Matches(string pattern, string? value) => pattern == "*" || pattern == value;

    private static Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        return context.Response.WriteAsync(status.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record AccessRule(string User, string Verb, string Target, bool Allowed, string Reason, string? Namespace = null);
}
