using System.Net;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Replicas;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using k8s;
using k8s.Autorest;

namespace Headroom.Signals.Tests.Replicas;

/// <summary>Checkpoints in ConfigMaps of the stand-in API: written, read back, refused when unsound, conflicts retried.</summary>
public sealed class CheckpointStoreTests : IAsyncLifetime
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "ml" };
    private static readonly WorkloadCheckpoint Sample = new(1, "ml", "chat", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 15_000, null,
        [new ColdStartEntry("chat-1", 2, 30, 60.5), new ColdStartEntry("chat-2", 3, 28, 70)],
        new DemandSeries(new DateTimeOffset(2024, 12, 31, 23, 0, 0, TimeSpan.Zero), 60, [100f, null, 250.5f]));

    private readonly KubernetesApiStandIn _api = new();
    private readonly ListLogger<CheckpointStore> _log = new();
    private CheckpointStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new CheckpointStore(_api.Client(), new ReplicaOptions { Namespace = "headroom", Identity = "a" }, _log);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Each_role_of_a_workload_keeps_its_own_checkpoint()
    {
        var prefill = Chat with { Role = new WorkloadRole("prefill", WorkloadRole.LlmdRoleLabel, "prefill") };
        var decode = Chat with { Role = new WorkloadRole("decode", WorkloadRole.LlmdRoleLabel, "decode") };

        await _store.SaveAsync(prefill, Sample with { Workload = "chat/prefill", PrefillTokensPerSecond = 30_000 }, default);
        await _store.SaveAsync(decode, Sample with { Workload = "chat/decode", PrefillTokensPerSecond = null, DecodeTokensPerSecond = 900 }, default);

        Assert.Equal(3, new[] { _store.ConfigMapName(Chat), _store.ConfigMapName(prefill), _store.ConfigMapName(decode) }.Distinct().Count());
        Assert.Equal(30_000, (await _store.LoadAsync(prefill, default))!.PrefillTokensPerSecond);
        Assert.Equal(900, (await _store.LoadAsync(decode, default))!.DecodeTokensPerSecond);
        // A role's checkpoint is not the whole workload's, nor the other role's.
        Assert.Null(await _store.LoadAsync(Chat, default));
    }

    [Fact]
    public async Task A_checkpoint_written_is_read_back_whole()
    {
        Assert.Null(await _store.LoadAsync(Chat, default));

        await _store.SaveAsync(Chat, Sample, default);
        await _store.SaveAsync(Chat, Sample with { DecodeTokensPerSecond = 900 }, default);
        var read = await _store.LoadAsync(Chat, default);

        Assert.NotNull(read);
        Assert.Equal(Sample.SavedAt, read.SavedAt);
        Assert.Equal(15_000, read.PrefillTokensPerSecond);
        Assert.Equal(900, read.DecodeTokensPerSecond);
        Assert.Equal(Sample.ColdStarts, read.ColdStarts);
        Assert.Equal(Sample.Demand!.Values, read.Demand!.Values);
        var map = Assert.Single(_api.Names("configmaps", "headroom"));
        Assert.Equal(_store.ConfigMapName(Chat), map);
        Assert.Equal("ml/chat", _api.Get("configmaps", "headroom", map)!["metadata"]!["annotations"]![CheckpointStore.WorkloadAnnotation]!.GetValue<string>());
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_restored_is_refused_with_a_warning_and_the_priors_serve()
    {
        await _store.SaveAsync(Chat, Sample with { Version = 7 }, default);
        Assert.Null(await _store.LoadAsync(Chat, default));
        Assert.Contains(_log.Entries, e => e.Message.Contains("version 7 is not 1"));

        var map = await _api.Client().CoreV1.ReadNamespacedConfigMapAsync(_store.ConfigMapName(Chat), "headroom");
        map.Data[CheckpointStore.DataKey] = "{not json";
        await _api.Client().CoreV1.ReplaceNamespacedConfigMapAsync(map, map.Metadata.Name, "headroom");
        Assert.Null(await _store.LoadAsync(Chat, default));
        Assert.Contains(_log.Entries, e => e.Message.Contains("is not valid JSON"));
    }

    [Fact]
    public async Task Writes_carry_the_resource_version_read_so_a_stale_write_is_refused_by_the_api()
    {
        await _store.SaveAsync(Chat, Sample, default);
        var client = _api.Client();
        var stale = await client.CoreV1.ReadNamespacedConfigMapAsync(_store.ConfigMapName(Chat), "headroom");
        await _store.SaveAsync(Chat, Sample with { PrefillTokensPerSecond = 16_000 }, default);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, stale.Metadata.Name, "headroom"));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Equal(16_000, (await _store.LoadAsync(Chat, default))!.PrefillTokensPerSecond);
    }
}
