using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace Headroom.Signals.Tests.Support;

/// <summary>
/// A stand-in for the kube-apiserver's pod list and watch endpoints on loopback, answering with the
/// real API JSON shapes (PodList, and watch events as JSON lines). Tests change pods and the watch streams it.
/// </summary>
public sealed class FakePodsApi : IAsyncDisposable
{
    private readonly LoopbackHttpListener _listener = new();
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new();
    private readonly List<(Channel<string> Channel, Headroom.Signals.Selectors.LabelSelector Selector)> _watchers = [];
    private readonly List<(int Version, V1Pod Pod, string Line)> _history = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _version = 1;

    public FakePodsApi()
    {
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => _listener.Port;

    public int ListCalls;

    public IKubernetes Client() => new Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{Port}" });

    /// <summary>Writes a kubeconfig that points at this stand-in, as <c>--lister-kubeconfig</c> takes it; returns its path.</summary>
    public string WriteKubeconfig(string directory)
    {
        var path = Path.Combine(directory, "lister.kubeconfig");
        File.WriteAllText(path, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: fake, cluster: {server: "http://127.0.0.1:{{{Port}}}"}}]
            users: [{name: fake, user: {token: lister}}]
            contexts: [{name: fake, context: {cluster: fake, user: fake}}]
            current-context: fake
            """);
        return path;
    }

    public void Upsert(V1Pod pod)
    {
        var added = !_pods.ContainsKey(pod.Metadata.Name);
        pod.Metadata.ResourceVersion = Interlocked.Increment(ref _version).ToString();
        _pods[pod.Metadata.Name] = pod;
        Publish(added ? "ADDED" : "MODIFIED", pod);
    }

    public void Delete(string name)
    {
        if (!_pods.TryRemove(name, out var pod)) return;
        pod.Metadata.ResourceVersion = Interlocked.Increment(ref _version).ToString();
        Publish("DELETED", pod);
    }

    /// <summary>Ends every open watch, as an apiserver does on timeout; clients must relist.</summary>
    public void CloseWatches()
    {
        lock (_watchers)
        {
            foreach (var w in _watchers) w.Channel.Writer.TryComplete();
            _watchers.Clear();
        }
    }

    public static V1Pod Pod(string name, string app, bool ready, string? ip = "10.0.0.1", DateTime? created = null, string? image = null)
    {
        var at = created ?? new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "llm", Labels = new Dictionary<string, string> { ["app"] = app }, CreationTimestamp = at },
            Spec = new V1PodSpec { NodeName = "node-a", Containers = [new V1Container { Name = "vllm", Image = image }] },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = ip,
                Conditions =
                [
                    new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = at.AddSeconds(5) },
                    new V1PodCondition { Type = "Initialized", Status = "True", LastTransitionTime = at.AddSeconds(65) },
                    new V1PodCondition { Type = "ContainersReady", Status = ready ? "True" : "False", LastTransitionTime = at.AddSeconds(125) },
                    new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = at.AddSeconds(125) },
                ],
            },
        };
    }

    private void Publish(string type, V1Pod pod)
    {
        var line = JsonSerializer.Serialize(new { type, @object = pod }, JsonOptions) + "\n";
        lock (_watchers)
        {
            _history.Add((int.Parse(pod.Metadata.ResourceVersion), pod, line));
            foreach (var w in _watchers)
                if (w.Selector.Matches(Labels(pod))) w.Channel.Writer.TryWrite(line);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

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
        response.ContentType = "application/json";
        // The real API filters by label selector on the server; so does this stand-in.
        var selector = Headroom.Signals.Selectors.LabelSelector.Parse(context.Request.QueryString["labelSelector"]);
        try
        {
            if (context.Request.QueryString["watch"] is "true" or "1")
            {
                var channel = Channel.CreateUnbounded<string>();
                var since = int.TryParse(context.Request.QueryString["resourceVersion"], out var rv) ? rv : 0;
                lock (_watchers)
                {
                    // As the apiserver does, a watch from a resourceVersion first replays every later event.
                    foreach (var (_, pod, line) in _history.Where(h => h.Version > since && selector.Matches(Labels(h.Pod)))) channel.Writer.TryWrite(line);
                    _watchers.Add((channel, selector));
                }
                response.SendChunked = true;
                await foreach (var line in channel.Reader.ReadAllAsync(_stop.Token))
                {
                    var bytes = Encoding.UTF8.GetBytes(line);
                    await response.OutputStream.WriteAsync(bytes, _stop.Token);
                    await response.OutputStream.FlushAsync(_stop.Token);
                }
            }
            else
            {
                Interlocked.Increment(ref ListCalls);
                var list = new V1PodList
                {
                    ApiVersion = "v1",
                    Kind = "PodList",
                    Metadata = new V1ListMeta { ResourceVersion = _version.ToString() },
                    Items = _pods.Values.Where(p => selector.Matches(Labels(p))).OrderBy(p => p.Metadata.Name).ToList(),
                };
                var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(list, JsonOptions));
                await response.OutputStream.WriteAsync(body);
            }
        }
        catch (Exception)
        {
            // The client went away or the fake is shutting down.
        }
        finally
        {
            try { response.Close(); } catch (Exception) { }
        }
    }

    private static IReadOnlyDictionary<string, string> Labels(V1Pod pod) =>
        (IReadOnlyDictionary<string, string>?)pod.Metadata.Labels ?? new Dictionary<string, string>();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        CloseWatches();
        _listener.Dispose();
        try { await _loop; } catch (Exception) { }
    }
}
