using Headroom.Signals.Pipeline;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;
using static Headroom.Signals.Tests.Support.Readings;

namespace Headroom.Signals.Tests.Pipeline;

/// <summary>The older metric names a workload's pods are read through, gathered once per name over its ready pods.</summary>
public sealed class OlderNamesTests
{
    [Fact]
    public async Task A_workload_reports_each_older_name_its_ready_pods_read_once_and_none_when_upgraded()
    {
        var rig = new PipelineRig(new SignalOptions(), new WorkloadSpec { Name = "chat", Namespace = "llm", Selector = "app=chat" });
        string[] older = ["vllm:gpu_cache_usage_perc"];

        var mixed = await rig.CycleAsync("chat", null, Pod("a", 1) with { OlderNames = older }, Pod("b", 1) with { OlderNames = older }, Pod("c", 1));
        var upgraded = await rig.CycleAsync("chat", null, Pod("a", 2), Pod("b", 2), Pod("c", 2));

        Assert.Equal(older, mixed.OlderNames);
        Assert.Empty(upgraded.OlderNames);
    }
}
