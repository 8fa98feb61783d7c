using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;

namespace Headroom.Signals.Tests.Snapshots;

public class SignalSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private static PodSignals Pod(string name, string? node, double? duty = null, double? throughput = null) =>
        new(name, NoLabels, node, new MetricValues { [CatalogMetric.GpuDutyCycle] = duty, [CatalogMetric.TokenThroughput] = throughput });

    private static WorkloadSignals Workload(string ns, string name, DateTimeOffset? observedAt, string? deployment = null,
        params PodSignals[] pods) =>
        new(new WorkloadSpec { Name = name, Namespace = ns, Deployment = deployment }, observedAt, null, new MetricValues(), pods, null);

    private static readonly WorkloadSignals Chat = Workload("ml", "chat", T0, null,
        Pod("chat-0", "gpu-1", duty: 0.2), Pod("chat-1", "gpu-2", duty: 0.9));

    private static readonly WorkloadSignals Code = Workload("ml", "code", T0.AddSeconds(-4), "code-server",
        Pod("code-0", "gpu-1", duty: 0.6), Pod("code-1", "gpu-1", duty: null), Pod("code-2", null, duty: 0.1));

    private static readonly WorkloadSignals Search = Workload("search", "chat", T0, null,
        Pod("chat-0", "gpu-3", duty: 0.4));

    private static readonly SignalSnapshot Snapshot = new(T0, [Chat, Code, Search]);

    [Fact]
    public void Lists_the_workloads_of_a_namespace()
    {
        Assert.True(Snapshot.HasNamespace("ml"));
        Assert.Equal([Chat, Code], Snapshot.InNamespace("ml"));
        Assert.Equal([Search], Snapshot.InNamespace("search"));
        Assert.False(Snapshot.HasNamespace("default"));
        Assert.Empty(Snapshot.InNamespace("default"));
    }

    [Fact]
    public void Finds_a_workload_by_its_deployment_defaulting_to_the_workload_name()
    {
        Assert.True(Snapshot.TryGetByDeployment("ml", "chat", out var chat));
        Assert.Same(Chat, chat);
        Assert.True(Snapshot.TryGetByDeployment("ml", "code-server", out var code));
        Assert.Same(Code, code);
        Assert.True(Snapshot.TryGetByDeployment("search", "chat", out var search));
        Assert.Same(Search, search);

        Assert.False(Snapshot.TryGetByDeployment("ml", "code", out _));
        Assert.False(Snapshot.TryGetByDeployment("default", "chat", out _));
    }

    [Fact]
    public void Finds_a_pod_within_its_namespace()
    {
        Assert.True(Snapshot.TryGetPod("ml", "chat-0", out var workload, out var pod));
        Assert.Same(Chat, workload);
        Assert.Equal("gpu-1", pod.Node);

        Assert.True(Snapshot.TryGetPod("search", "chat-0", out workload, out pod));
        Assert.Same(Search, workload);
        Assert.Equal("gpu-3", pod.Node);

        Assert.True(Snapshot.TryGetPod("ml", "code-1", out workload, out _));
        Assert.Same(Code, workload);

        Assert.False(Snapshot.TryGetPod("search", "code-1", out _, out _));
        Assert.False(Snapshot.TryGetPod("ml", "chat-9", out _, out _));
    }

    [Fact]
    public void Node_duty_cycle_is_the_mean_over_its_pods_that_report_one_across_workloads()
    {
        Assert.True(Snapshot.TryGetNode("gpu-1", out var node));

        // chat-0 0.2 and code-0 0.6; code-1 reports none.
        Assert.Equal(0.4, node.Values[CatalogMetric.GpuDutyCycle]!.Value, 9);
        Assert.Equal("gpu-1", node.MetricLabels["node"]);
    }

    [Fact]
    public void Node_is_as_old_as_the_oldest_workload_on_it()
    {
        Assert.True(Snapshot.TryGetNode("gpu-1", out var shared));
        Assert.True(Snapshot.TryGetNode("gpu-2", out var chatOnly));

        Assert.Equal(T0.AddSeconds(-4), shared.ObservedAt);
        Assert.Equal(T0, chatOnly.ObservedAt);
    }

    [Fact]
    public void Nodes_serve_only_the_metrics_meant_for_nodes()
    {
        var snapshot = new SignalSnapshot(T0, [Workload("ml", "w", T0, null, Pod("p", "gpu-9", duty: 0.5, throughput: 300))]);

        Assert.True(snapshot.TryGetNode("gpu-9", out var node));
        Assert.Equal(0.5, node.Values[CatalogMetric.GpuDutyCycle]);
        Assert.Null(node.Values[CatalogMetric.TokenThroughput]);
    }

    [Fact]
    public void Lists_every_node_with_pods_and_no_unknown_node()
    {
        Assert.Equal(["gpu-1", "gpu-2", "gpu-3"], Snapshot.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.False(Snapshot.TryGetNode("cpu-1", out _));
    }

    [Fact]
    public void A_node_whose_pods_report_no_duty_has_it_missing()
    {
        var snapshot = new SignalSnapshot(T0, [Workload("ml", "w", T0, null, Pod("p", "gpu-9", duty: null))]);

        Assert.True(snapshot.TryGetNode("gpu-9", out var node));
        Assert.Null(node.Values[CatalogMetric.GpuDutyCycle]);
    }

    [Fact]
    public void Workloads_never_observed_contribute_no_nodes()
    {
        var snapshot = new SignalSnapshot(T0, [Workload("ml", "w", null, null, Pod("p", "gpu-9", duty: 0.5))]);

        Assert.Empty(snapshot.Nodes);
    }

    [Fact]
    public void Empty_snapshot_has_nothing()
    {
        Assert.Empty(SignalSnapshot.Empty.Workloads);
        Assert.Empty(SignalSnapshot.Empty.Nodes);
        Assert.False(SignalSnapshot.Empty.HasNamespace("ml"));
    }
}
