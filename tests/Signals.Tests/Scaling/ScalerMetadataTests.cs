using Headroom.Signals.Catalog;
using Headroom.Signals.Scaling;
using Headroom.Signals.Snapshots;

namespace Headroom.Signals.Tests.Scaling;

public sealed class ScalerMetadataTests
{
    private static ScalerMetadata Parse(params (string Key, string Value)[] pairs) =>
        ScalerMetadata.Parse(pairs.ToDictionary(p => p.Key, p => p.Value), "llm");

    [Fact]
    public void Defaults_scale_on_desired_replicas_at_one_per_replica_in_the_ScaledObjects_namespace()
    {
        var m = Parse(("workload", "chat"), ("scalerAddress", "headroom:9443"), ("enableTLS", "true"), ("unsafeSsl", "false"));
        Assert.Equal(("llm", "chat", "headroom_desired_replicas", 1.0, 0.0, (double?)null),
            (m.Namespace, m.Workload, m.Metric.Name, m.Target, m.ActivationTarget, m.ActivationDemand));
    }

    [Fact]
    public void Every_key_is_read()
    {
        var m = Parse(("workload", "chat"), ("namespace", "llm"), ("metric", "headroom_token_throughput"),
            ("target", "1500.5"), ("activationTarget", "10"), ("activationDemand", "50"));
        Assert.Equal(("llm", CatalogMetric.TokenThroughput, 1500.5, 10.0, (double?)50.0),
            (m.Namespace, m.Metric.Id, m.Target, m.ActivationTarget, m.ActivationDemand));
    }

    [Fact]
    public void A_trigger_names_the_role_of_a_workload_with_roles_and_none_otherwise()
    {
        Assert.Equal("prefill", Parse(("workload", "llama"), ("role", "prefill")).Role);
        Assert.Equal("decode", Parse(("workload", "llama"), ("roleFromEnv", "decode")).Role);
        Assert.Null(Parse(("workload", "chat")).Role);
    }

    // The attack: a ScaledObject in llm names another namespace to read its workloads' signals.
    [Theory]
    [InlineData("namespace")]
    [InlineData("namespaceFromEnv")]
    public void A_trigger_cannot_name_another_namespace_than_its_ScaledObjects(string key)
    {
        var error = Assert.Throws<ScalerMetadataException>(() => Parse(("workload", "chat"), (key, "team-b")));
        Assert.Equal("namespace", error.Key);
        Assert.Contains("its own ScaledObject's namespace (\"llm\") only", error.Message);
    }

    [Fact]
    public void FromEnv_keys_count_as_their_key_and_may_not_repeat_it()
    {
        Assert.Equal(3, Parse(("workload", "chat"), ("metric", "headroom_queue_depth"), ("targetFromEnv", "3")).Target);
        var error = Assert.Throws<ScalerMetadataException>(() => Parse(("workload", "chat"), ("target", "1"), ("targetFromEnv", "3")));
        Assert.Equal("targetFromEnv", error.Key);
        Assert.Contains("given twice", error.Message);
    }

    [Theory]
    [InlineData("target", "0")]
    [InlineData("target", "Infinity")]
    [InlineData("activationTarget", "-0.5")]
    [InlineData("activationDemand", "ten")]
    [InlineData("namespace", "")]
    [InlineData("workload", "")]
    [InlineData("role", "")]
    public void Bad_values_name_their_key(string key, string value)
    {
        var pairs = new Dictionary<string, string> { ["workload"] = "chat", ["metric"] = "headroom_queue_depth", ["target"] = "1", [key] = value };
        var error = Assert.Throws<ScalerMetadataException>(() => ScalerMetadata.Parse(pairs, "llm"));
        Assert.Equal(key, error.Key);
        Assert.StartsWith($"scalerMetadata.{key}: ", error.Message);
    }
}

public sealed class ScalerActivityTests
{
    private static readonly ScalerMetadata OnKv = ScalerMetadata.Parse(new Dictionary<string, string>
    {
        ["workload"] = "chat",
        ["metric"] = "headroom_kv_cache_utilization",
        ["target"] = "0.8",
        ["activationTarget"] = "0.3",
    }, "llm");

    private static Activity Decide(ScalerMetadata metadata, int pods, double? queue, double? kv, double? forecast = null) =>
        ScalerActivity.Decide(metadata, pods, new MetricValues
        {
            [CatalogMetric.QueueDepth] = queue,
            [CatalogMetric.KvCacheUtilization] = kv,
            [CatalogMetric.TokenDemandForecast] = forecast,
        });

    [Theory]
    [InlineData(2, 0.0, 0.1, false)]
    [InlineData(2, 0.0, 0.3, false)] // KEDA activates strictly above the activation value
    [InlineData(2, 0.0, 0.31, true)]
    [InlineData(2, 1.0, 0.0, true)]
    [InlineData(0, 0.0, null, false)] // no pod: per-pod signals are absent, and say nothing
    [InlineData(0, 2.0, null, true)]  // no pod, queued work at the gateway
    [InlineData(2, null, 0.9, true)]  // positive evidence needs no other input
    public void Active_when_work_queues_or_the_signal_is_above_its_activation_value(int pods, double? queue, double? kv, bool active) =>
        Assert.Equal(active, Decide(OnKv, pods, queue, kv).IsActive);

    [Theory]
    [InlineData(2, 0.0, null, "headroom_kv_cache_utilization")]
    [InlineData(2, null, 0.1, "headroom_queue_depth")]
    [InlineData(0, null, null, "headroom_queue_depth")]
    public void With_no_evidence_a_missing_input_leaves_activity_open_not_false(int pods, double? queue, double? kv, string missing)
    {
        var activity = Decide(OnKv, pods, queue, kv);
        Assert.Null(activity.IsActive);
        Assert.Contains(missing, activity.Missing);
    }

    [Fact]
    public void Forecast_demand_above_activationDemand_wakes_a_workload_at_zero()
    {
        var metadata = OnKv with { ActivationDemand = 100 };
        Assert.False(Decide(metadata, 0, 0, null, forecast: 100).IsActive);
        Assert.True(Decide(metadata, 0, 0, null, forecast: 150).IsActive);
        Assert.Null(Decide(metadata, 0, 0, null, forecast: null).IsActive);
    }
}
