using Headroom.Signals.Discovery;
using Headroom.Signals.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headroom.Signals.Tests.Discovery;

public sealed class PodWatcherTests
{
    [Fact]
    public async Task Lists_then_follows_the_watch_and_relists_after_the_watch_ends()
    {
        await using var api = new FakePodsApi();
        api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: true, ip: "10.0.0.1"));
        api.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: false, ip: "10.0.0.2"));
        await using var watcher = new PodWatcher(api.Client(), "llm", "app=chat", NullLogger.Instance);

        await Until(() => watcher.Synced && watcher.Pods.Length == 2);
        var a = watcher.Pods.Single(p => p.Name == "chat-a");
        Assert.True(a.Ready);
        Assert.Equal("10.0.0.1", a.Ip);
        Assert.Equal("node-a", a.Node);
        Assert.Equal("chat", a.Labels["app"]);
        Assert.Equal(TimeSpan.FromSeconds(125), a.Lifecycle.Ready - a.Lifecycle.Created);
        Assert.False(watcher.Pods.Single(p => p.Name == "chat-b").Ready);

        await Task.Delay(300);
        api.Upsert(FakePodsApi.Pod("chat-b", "chat", ready: true, ip: "10.0.0.2"));
        await Until(() => watcher.Pods.Single(p => p.Name == "chat-b").Ready);

        api.Upsert(FakePodsApi.Pod("chat-a", "chat", ready: false, ip: "10.0.0.1"));
        await Until(() => !watcher.Pods.Single(p => p.Name == "chat-a").Ready);

        api.Delete("chat-b");
        await Until(() => watcher.Pods.All(p => p.Name != "chat-b"));

        var lists = api.ListCalls;
        api.CloseWatches();
        await Until(() => api.ListCalls > lists);
        api.Upsert(FakePodsApi.Pod("chat-c", "chat", ready: true, ip: "10.0.0.3"));
        await Until(() => watcher.Pods.Any(p => p.Name == "chat-c"));
    }

    [Fact]
    public async Task An_unreachable_api_leaves_the_watcher_unsynced_not_empty()
    {
        var api = new FakePodsApi();
        var client = api.Client();
        await api.DisposeAsync();
        await using var watcher = new PodWatcher(client, "llm", "app=chat", NullLogger.Instance);

        await Task.Delay(500);
        Assert.False(watcher.Synced);
    }

    [Fact]
    public void A_terminating_pod_is_not_ready()
    {
        var pod = FakePodsApi.Pod("chat-a", "chat", ready: true);
        pod.Metadata.DeletionTimestamp = DateTime.UtcNow;

        Assert.False(DiscoveredPod.From(pod).Ready);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(25);
        }
    }
}

