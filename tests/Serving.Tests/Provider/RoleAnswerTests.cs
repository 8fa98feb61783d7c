using Headroom.Serving.Keda;
using Headroom.Serving.Provider;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Scaling;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Serving.Tests.Provider;

/// <summary>
/// A workload with prefill and decode roles, published as one workload signals per role: each answer carries its role,
/// so an HPA per Deployment selects workload=llama,role=prefill, and KEDA names the role in its metadata.
/// </summary>
public sealed class RoleAnswerTests
{
    private static readonly WorkloadSpec Llama = new() { Name = "llama", Namespace = "llm", Selector = "app=llama" };
    private static readonly WorkloadSpec Prefill = Llama with { Deployment = "llama-prefill", Role = new WorkloadRole("prefill", WorkloadRole.LlmdRoleLabel, "prefill") };
    private static readonly WorkloadSpec Decode = Llama with { Deployment = "llama-decode", Role = new WorkloadRole("decode", WorkloadRole.LlmdRoleLabel, "decode") };
    private static readonly WorkloadSpec Chat = new() { Name = "chat", Namespace = "llm", Selector = "app=chat" };
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotStore _store = new();
    private readonly SnapshotMetricsProvider _provider;

    public RoleAnswerTests()
    {
        _provider = new SnapshotMetricsProvider(_store, new SignalOptions(), _time);
        var at = _time.GetUtcNow();
        _store.Publish(new SignalSnapshot(at, [Signals(Prefill, at, 6), Signals(Decode, at, 2), Signals(Chat, at, 3)]));
    }

    private static WorkloadSignals Signals(WorkloadSpec spec, DateTimeOffset at, double desired)
    {
        var values = new MetricValues();
        values.Set(CatalogMetric.DesiredReplicas, desired);
        return new WorkloadSignals(spec, at, null, values, [], null);
    }

    [Fact]
    public void External_series_carry_the_role_and_a_role_selector_picks_one()
    {
        var prefill = Assert.Single(_provider.GetExternalMetric("llm", LabelSelector.Parse("workload=llama,role=prefill"), "headroom_desired_replicas"));
        var decode = Assert.Single(_provider.GetExternalMetric("llm", LabelSelector.Parse("workload=llama,role=decode"), "headroom_desired_replicas"));
        var both = _provider.GetExternalMetric("llm", LabelSelector.Parse("workload=llama"), "headroom_desired_replicas");
        var chat = Assert.Single(_provider.GetExternalMetric("llm", LabelSelector.Parse("workload=chat"), "headroom_desired_replicas"));

        Assert.Equal((6, "prefill"), (prefill.Value, prefill.Labels["role"]));
        Assert.Equal((2, "decode"), (decode.Value, decode.Labels["role"]));
        Assert.Equal(2, both.Count);
        // A workload without roles is labelled as before: workload and engine only.
        Assert.Equal(["engine", "workload"], chat.Labels.Keys.Order());
    }

    [Fact]
    public void Each_roles_Deployment_is_answered_with_its_own_decision()
    {
        var prefill = _provider.GetMetricByName("llm", new GroupResource("apps", "deployments"), "llama-prefill", "headroom_desired_replicas", LabelSelector.Everything);
        var decode = _provider.GetMetricByName("llm", new GroupResource("apps", "deployments"), "llama-decode", "headroom_desired_replicas", LabelSelector.Everything);

        Assert.Equal((6, 2), (prefill.Sample.Value, decode.Sample.Value));
    }

    [Fact]
    public void A_scaler_reads_the_role_its_metadata_names_and_must_name_one_for_a_workload_with_roles()
    {
        var answers = new ExternalScalerAnswers(_provider);
        var metadata = new Dictionary<string, string> { ["workload"] = "llama", ["role"] = "decode" };

        Assert.Equal(2, answers.MetricValue(ScalerMetadata.Parse(metadata, "llm")));
        var none = Assert.Throws<MetricsProviderException>(() => _provider.GetWorkload("llm", "llama"));
        var unknown = Assert.Throws<MetricsProviderException>(() => _provider.GetWorkload("llm", "llama", "encode"));
        var extra = Assert.Throws<MetricsProviderException>(() => _provider.GetWorkload("llm", "chat", "prefill"));
        Assert.Equal(ProviderError.NotFound, none.Error);
        Assert.Equal("workload \"llama\" in namespace \"llm\" has roles (prefill, decode); name the one to read", none.Message);
        Assert.Equal("workload \"llama\" in namespace \"llm\" has no role \"encode\" (it has prefill, decode)", unknown.Message);
        Assert.Equal("workload \"chat\" in namespace \"llm\" has no roles; leave the role out", extra.Message);
        Assert.Equal(3, _provider.GetWorkload("llm", "chat").Values[CatalogMetric.DesiredReplicas]);
    }
}
