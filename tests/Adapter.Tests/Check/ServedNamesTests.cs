using Headroom.Adapter.Check;
using Headroom.Signals.Sources;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Check;

// The check says which metric name the pods served each reading from: the preferred one, or an older one the engine
// has renamed since (vLLM v0's KV-cache gauge), and how many pods use each when they differ.
public sealed class ServedNamesTests
{
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat", Engine = EngineKind.Vllm };

    private static PodReading Pod(string name, params string[] olderNames) =>
        new(name, new Dictionary<string, string> { ["app"] = "chat" }, null, true, new EngineReading(100, 400, 0, 2, 0.3, 0.5))
        {
            OlderNames = olderNames,
        };

    private static async Task<WorkloadReport> CheckAsync(params PodReading[] pods) =>
        await WorkloadCheck.RunAsync(Chat, new FixedSource(new WorkloadObservation(DateTimeOffset.UnixEpoch, pods, [], null)), "stand-in",
            TimeSpan.FromSeconds(1), CancellationToken.None);

    [Fact]
    public async Task Pods_on_the_current_names_show_only_the_preferred_name()
    {
        var report = await CheckAsync(Pod("a"), Pod("b"));

        Assert.Contains("KV-cache use (vllm:kv_cache_usage_perc)", report.Matched);
        Assert.Contains("waiting requests (vllm:num_requests_waiting)", report.Matched);
        // The DCGM join does not say which of its names it read.
        Assert.Contains("GPU duty cycle (DCGM_FI_PROF_GR_ENGINE_ACTIVE | DCGM_FI_DEV_GPU_UTIL)", report.Matched);
        Assert.True(report.Problems.Count == 0, string.Join("; ", report.Problems));
    }

    [Fact]
    public async Task A_pod_on_an_older_name_is_counted_apart_and_the_name_marked_older()
    {
        var report = await CheckAsync(Pod("a"), Pod("b"), Pod("c", "vllm:gpu_cache_usage_perc"));

        Assert.Contains("KV-cache use (vllm:kv_cache_usage_perc on 2 pods, vllm:gpu_cache_usage_perc (older name) on 1 pod)", report.Matched);
    }

    [Fact]
    public async Task A_fleet_all_on_the_older_name_shows_that_name_alone()
    {
        var report = await CheckAsync(Pod("a", "vllm:gpu_cache_usage_perc"));

        Assert.Contains("KV-cache use (vllm:gpu_cache_usage_perc (older name))", report.Matched);
    }

    private sealed class FixedSource(WorkloadObservation observation) : IWorkloadSource
    {
        public ValueTask<WorkloadObservation> ObserveAsync(WorkloadSpec workload, CancellationToken cancellationToken) => ValueTask.FromResult(observation);
    }
}
