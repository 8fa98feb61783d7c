using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Headroom.Signals.Tests.Support;

/// <summary>
/// A stand-in for the kube-apiserver, for tests only, on loopback: coordination.k8s.io/v1 Leases and v1 ConfigMaps,
/// created (POST), read (GET), listed by label selector, replaced (PUT) and deleted (with a resourceVersion
/// precondition, if given), in the real API's JSON shapes, with
/// its optimistic concurrency: every write bumps a cluster-wide resourceVersion, a PUT that names a resourceVersion
/// other than the stored one gets 409 Conflict, a POST of a name that exists 409 AlreadyExists, and a missing object
/// 404 NotFound, each as a Status. It can refuse every call (503), as an API outage would.
/// </summary>
public sealed class KubernetesApiStandIn : IAsyncDisposable
{
    private static readonly Dictionary<string, (string ApiVersion, string Kind)> Resources = new()
    {
        ["leases"] = ("coordination.k8s.io/v1", "Lease"),
        ["configmaps"] = ("v1", "ConfigMap"),
    };

    private readonly LoopbackHttpListener _listener = new();
    private readonly ConcurrentDictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = new();
    private readonly Lock _writeGate = new();
    private readonly ConcurrentDictionary<string, bool> _cutOff = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _version = 100;
    private int _conflicts;
    private int _writes;

    public KubernetesApiStandIn()
    {
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => _listener.Port;

    /// <summary>Answers every call with 503, as an unreachable or overloaded API would.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Writes refused with 409 so far.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>Writes accepted so far.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>A client configuration for this stand-in; a token names the client, so that it can be cut off alone.</summary>
    public KubernetesClientConfiguration Configuration(string? token = null) => new() { Host = $"http://127.0.0.1:{Port}", AccessToken = token };

    /// <summary>Refuses every later call that presents the token (503), as if its process had lost the API.</summary>
    public void CutOff(string token) => _cutOff[token] = true;

    public IKubernetes Client() => new Kubernetes(Configuration());

    /// <summary>A stored object, as the API would answer a GET; null when absent.</summary>
    public JsonObject? Get(string resource, string ns, string name) =>
        _objects.TryGetValue((resource, ns, name), out var found) ? (JsonObject)found.DeepClone() : null;

    /// <summary>Names of the stored objects of a resource in a namespace.</summary>
    public IReadOnlyList<string> Names(string resource, string ns) =>
        _objects.Keys.Where(k => k.Resource == resource && k.Namespace == ns).Select(k => k.Name).Order().ToArray();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var token = context.Request.Headers["Authorization"] is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null;
            var (code, body) = Unavailable || (token is not null && _cutOff.ContainsKey(token))
                ? (503, Status(503, "ServiceUnavailable", "the stand-in API was told to be unavailable"))
                : await AnswerAsync(context.Request);
            response.StatusCode = code;
            response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            await response.OutputStream.WriteAsync(bytes);
        }
        catch (Exception)
        {
            // The client went away or the stand-in is shutting down.
        }
        finally
        {
            try { response.Close(); } catch (Exception) { }
        }
    }

    private async Task<(int, JsonObject)> AnswerAsync(HttpListenerRequest request)
    {
        // /apis/coordination.k8s.io/v1/namespaces/{ns}/leases[/{name}] or /api/v1/namespaces/{ns}/configmaps[/{name}]
        var segments = request.Url!.AbsolutePath.Trim('/').Split('/');
        var at = Array.IndexOf(segments, "namespaces");
        if (at < 0 || segments.Length < at + 3 || !Resources.TryGetValue(segments[at + 2], out var type)
            || string.Join('/', segments[..at]) != (type.ApiVersion == "v1" ? "api/v1" : "apis/" + type.ApiVersion))
            return (404, Status(404, "NotFound", $"the server could not find the requested resource ({request.Url.AbsolutePath})"));
        var (resource, ns) = (segments[at + 2], segments[at + 1]);
        var name = segments.Length > at + 3 ? segments[at + 3] : null;
        var key = (resource, ns, name ?? "");
        switch (request.HttpMethod, name)
        {
            case ("GET", null):
                var selector = Headroom.Signals.Selectors.LabelSelector.Parse(request.QueryString["labelSelector"]);
                var items = _objects.Where(o => o.Key.Resource == resource && o.Key.Namespace == ns && selector.Matches(Labels(o.Value)))
                    .OrderBy(o => o.Key.Name, StringComparer.Ordinal).Select(o => (JsonNode)o.Value.DeepClone()).ToArray();
                return (200, new JsonObject
                {
                    ["kind"] = type.Kind + "List",
                    ["apiVersion"] = type.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref _version).ToString() },
                    ["items"] = new JsonArray(items),
                });
            case ("GET", not null):
                return _objects.TryGetValue(key, out var found) ? (200, (JsonObject)found.DeepClone()) : NotFound(resource, name!);
            case ("DELETE", not null):
                var options = request.HasEntityBody ? await JsonNode.ParseAsync(request.InputStream) : null;
                var precondition = options?["preconditions"]?["resourceVersion"]?.GetValue<string>();
                lock (_writeGate)
                {
                    if (!_objects.TryGetValue(key, out var existing)) return NotFound(resource, name!);
                    if (precondition is not null && precondition != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
                    {
                        Interlocked.Increment(ref _conflicts);
                        return (409, Status(409, "Conflict",
                            $"Operation cannot be fulfilled on {resource} \"{name}\": the ResourceVersion in the precondition ({precondition}) does not match the ResourceVersion in record", resource, name));
                    }
                    _objects.TryRemove(key, out _);
                    Interlocked.Increment(ref _writes);
                }
                return (200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" });
            case ("POST", null):
            case ("PUT", _):
                var body = await JsonNode.ParseAsync(request.InputStream) as JsonObject;
                if (body?["metadata"] is not JsonObject metadata || metadata["name"]?.GetValue<string>() is not { Length: > 0 } objectName)
                    return (400, Status(400, "BadRequest", "the object has no metadata.name"));
                if (name is not null && objectName != name)
                    return (400, Status(400, "BadRequest", $"the name of the object ({objectName}) does not match the name on the URL ({name})"));
                key = (resource, ns, objectName);
                lock (_writeGate)
                {
                    var exists = _objects.TryGetValue(key, out var stored);
                    if (request.HttpMethod == "POST" && exists)
                    {
                        Interlocked.Increment(ref _conflicts);
                        return (409, Status(409, "AlreadyExists", $"{resource} \"{objectName}\" already exists", resource, objectName));
                    }
                    if (request.HttpMethod == "PUT")
                    {
                        if (!exists) return NotFound(resource, objectName);
                        var sent = metadata["resourceVersion"]?.GetValue<string>();
                        if (!string.IsNullOrEmpty(sent) && sent != stored!["metadata"]!["resourceVersion"]!.GetValue<string>())
                        {
                            Interlocked.Increment(ref _conflicts);
                            return (409, Status(409, "Conflict",
                                $"Operation cannot be fulfilled on {resource} \"{objectName}\": the object has been modified; please apply your changes to the latest version and try again",
                                resource, objectName));
                        }
                    }
                    body["kind"] = type.Kind;
                    body["apiVersion"] = type.ApiVersion;
                    metadata["namespace"] = ns;
                    metadata["resourceVersion"] = Interlocked.Increment(ref _version).ToString();
                    metadata["uid"] = exists ? stored!["metadata"]!["uid"]!.DeepClone() : Guid.NewGuid().ToString();
                    metadata["creationTimestamp"] = exists ? stored!["metadata"]!["creationTimestamp"]!.DeepClone() : DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
                    _objects[key] = (JsonObject)body.DeepClone();
                    Interlocked.Increment(ref _writes);
                    return (exists ? 200 : 201, body);
                }
            default:
                return (405, Status(405, "MethodNotAllowed", $"{request.HttpMethod} is not supported by the stand-in on {request.Url.AbsolutePath}"));
        }
    }

    private static (int, JsonObject) NotFound(string resource, string name) =>
        (404, Status(404, "NotFound", $"{resource} \"{name}\" not found", resource, name));

    private static IReadOnlyDictionary<string, string> Labels(JsonObject item) =>
        (item["metadata"]?["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "") ?? new Dictionary<string, string>();

    private static JsonObject Status(int code, string reason, string message, string? kind = null, string? name = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = kind is null ? null : new JsonObject { ["name"] = name, ["kind"] = kind },
        ["code"] = code,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try { await _loop; } catch (Exception) { }
    }
}
