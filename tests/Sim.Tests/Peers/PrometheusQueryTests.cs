using Headroom.Signals.Catalog;
using Headroom.Sim.Keda;
using static Headroom.Sim.Tests.Peers.PeerViews;

namespace Headroom.Sim.Tests.Peers;

// A KEDA prometheus trigger's query answered from the fleet's per-pod readings, or refused with the reason.
public sealed class PrometheusQueryTests
{
    private static double Value(TriggerReading reading) => Assert.IsType<ValueReading>(reading).Value;

    [Theory]
    [InlineData("sum(vllm:num_requests_waiting{model_name=\"llm\"})", 10)]
    [InlineData("avg(vllm:num_requests_waiting)", 2.5)]
    [InlineData("max(tgi_queue_size)", 6)]
    [InlineData("min by (pod) (sglang:num_queue_reqs)", 0)]
    public void Aggregations_over_pods_of_a_queue_gauge(string query, double expected)
    {
        var view = View(0, 4, CatalogMetric.QueueDepth, 1, 3, 6, 0);
        Assert.Equal(expected, Value(PrometheusQuery.Parse(query, "t").Read(view.Metrics)), 9);
    }

    [Fact]
    public void Counters_are_answered_inside_rate_and_percentages_stay_percentages()
    {
        var tokens = View(0, 2, CatalogMetric.TokenThroughput, 100, 300);
        Assert.Equal(400, Value(PrometheusQuery.Parse("sum(rate(vllm:generation_tokens_total[1m]))", "t").Read(tokens.Metrics)), 9);
        var duty = View(0, 2, CatalogMetric.GpuDutyCycle, 0.5, 0.7);
        Assert.Equal(60, Value(PrometheusQuery.Parse("avg(DCGM_FI_DEV_GPU_UTIL)", "t").Read(duty.Metrics)), 9);
    }

    [Fact]
    public void An_unaggregated_query_over_several_pods_is_an_error_as_in_KEDA()
    {
        var query = PrometheusQuery.Parse("vllm:kv_cache_usage_perc", "t");
        Assert.IsType<FailedReading>(query.Read(View(0, 2, CatalogMetric.KvCacheUtilization, 0.4, 0.6).Metrics));
        Assert.Equal(0.4, Value(query.Read(View(0, 1, CatalogMetric.KvCacheUtilization, 0.4).Metrics)), 9);
    }

    // Triton's TensorRT-LLM backend puts its queue and its running requests in one family, told apart by a label.
    [Fact]
    public void One_family_feeding_two_signals_is_answered_by_its_label()
    {
        var queue = View(0, 2, CatalogMetric.QueueDepth, 3, 4);
        var running = View(0, 2, CatalogMetric.RunningRequests, 8, 9);
        Assert.Equal(7, Value(PrometheusQuery.Parse("sum(nv_trt_llm_request_metrics{request_type=\"waiting\"})", "t").Read(queue.Metrics)), 9);
        Assert.Equal(17, Value(PrometheusQuery.Parse("sum(nv_trt_llm_request_metrics{request_type=\"active\"})", "t").Read(running.Metrics)), 9);
    }

    [Fact]
    public void Stale_signals_are_an_error_never_zero() =>
        Assert.IsType<FailedReading>(PrometheusQuery.Parse("sum(vllm:num_requests_waiting)", "t").Read(Stale(0, 2).Metrics));

    [Theory]
    [InlineData("sum(http_requests_total)", "http_requests_total is not a metric")]
    [InlineData("sum(vllm:generation_tokens_total)", "is a counter; the replay answers it inside rate()")]
    [InlineData("sum(rate(vllm:num_requests_waiting[1m]))", "is a gauge; rate() of it")]
    [InlineData("sum(vllm:num_requests_waiting) / 4", "is not a query the replay can answer")]
    public void Queries_the_replay_cannot_answer_are_refused(string query, string message)
    {
        var e = Assert.Throws<ScaledObjectException>(() => PrometheusQuery.Parse(query, "spec.triggers[0].metadata"));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("spec.triggers[0].metadata.query: ", e.Message);
    }
}
