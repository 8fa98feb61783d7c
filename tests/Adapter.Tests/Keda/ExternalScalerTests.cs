using System.Diagnostics;
using Grpc.Core;
using Headroom.Adapter.Keda;
using Headroom.Adapter.Keda.Protocol;
using Headroom.Adapter.Tests.Support;
using static Headroom.Adapter.Tests.Keda.KedaAdapterFixture;

namespace Headroom.Adapter.Tests.Keda;

/// <summary>The four KEDA methods (and StreamMetricSpec) against the running server, through a client generated from the proto.</summary>
public sealed class ExternalScalerTests(KedaAdapterFixture fixture) : IClassFixture<KedaAdapterFixture>
{
    private ExternalScaler.ExternalScalerClient Client => fixture.Client;

    [Fact]
    public async Task GetMetricSpec_names_the_signal_and_sends_the_float_and_integer_targets()
    {
        var spec = Assert.Single((await Client.GetMetricSpecAsync(
            Ref(("workload", "chat"), ("metric", "headroom_queue_depth"), ("target", "2.5")), Deadline())).MetricSpecs);
        Assert.Equal("headroom_queue_depth", spec.MetricName);
        Assert.Equal(2.5, spec.TargetSizeFloat);
        Assert.Equal(3, spec.TargetSize);

        var desired = Assert.Single((await Client.GetMetricSpecAsync(Ref(("workload", "chat")), Deadline())).MetricSpecs);
        Assert.Equal("headroom_desired_replicas", desired.MetricName);
        Assert.Equal(1.0, desired.TargetSizeFloat);
    }

    [Fact]
    public async Task GetMetrics_returns_the_workload_value_in_both_fields()
    {
        var queue = await ValueAsync(Ref(("workload", "chat"), ("metric", "headroom_queue_depth"), ("target", "2")), "headroom_queue_depth");
        Assert.Equal("headroom_queue_depth", queue.MetricName);
        Assert.Equal(7, queue.MetricValueFloat, 9);
        Assert.Equal(7, queue.MetricValue_);

        var kv = await ValueAsync(Ref(("workload", "chat"), ("metric", "headroom_kv_cache_utilization"), ("target", "0.8")), "headroom_kv_cache_utilization");
        Assert.Equal(0.6, kv.MetricValueFloat, 9);
        Assert.Equal(1, kv.MetricValue_);
    }

    [Fact]
    public async Task Every_signal_goes_out_as_a_float_and_as_the_integer_older_KEDA_reads()
    {
        await WaitForDataAsync("chat");
        var fractional = 0;
        foreach (var metric in Signals.Catalog.MetricCatalog.All)
        {
            var trigger = Ref(("workload", "chat"), ("metric", metric.Name), ("target", "1"));
            MetricValue value;
            try
            {
                value = Assert.Single((await Client.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = trigger, MetricName = metric.Name }, Deadline())).MetricValues);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                continue; // a signal the scripted pods do not report (GPU duty) has no value to compare
            }
            Assert.Equal((long)Math.Round(value.MetricValueFloat, MidpointRounding.AwayFromZero), value.MetricValue_);
            if (value.MetricValueFloat == Math.Floor(value.MetricValueFloat)) Assert.Equal(value.MetricValueFloat, value.MetricValue_);
            else fractional++;
        }
        // KV use (a mean of 0.5 and 0.7) is fractional: the float carries what the integer cannot.
        Assert.True(fractional >= 1, "no fractional value was served, so the float field was not exercised");
    }

    [Theory]
    [InlineData("1", 1.0, 1L)]
    [InlineData("1500", 1500.0, 1500L)]
    [InlineData("2.5", 2.5, 3L)]
    [InlineData("0.25", 0.25, 1L)]
    public async Task Targets_go_out_as_the_exact_float_and_the_rounded_integer_at_least_one(string target, double asFloat, long asInteger)
    {
        var trigger = Ref(("workload", "chat"), ("metric", "headroom_kv_cache_utilization"), ("target", target));
        var spec = Assert.Single((await Client.GetMetricSpecAsync(trigger, Deadline())).MetricSpecs);
        Assert.Equal((asFloat, asInteger), (spec.TargetSizeFloat, spec.TargetSize));

        // KEDA falls back to GetMetricSpec when it rebuilds a scaler, so the stream must send the same spec.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = Client.StreamMetricSpec(trigger, cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(spec, Assert.Single(call.ResponseStream.Current.MetricSpecs));
    }

    [Fact]
    public async Task IsActive_follows_queued_work_and_the_activation_target()
    {
        await WaitForDataAsync("idle");
        Assert.True((await Client.IsActiveAsync(Ref(("workload", "chat")), Deadline())).Result);
        // idle: nothing queued, 2 running requests.
        var below = Ref(("workload", "idle"), ("metric", "headroom_running_requests"), ("target", "8"), ("activationTarget", "5"));
        Assert.False((await Client.IsActiveAsync(below, Deadline())).Result);
        var above = Ref(("workload", "idle"), ("metric", "headroom_running_requests"), ("target", "8"), ("activationTarget", "1"));
        Assert.True((await Client.IsActiveAsync(above, Deadline())).Result);
    }

    [Fact]
    public async Task A_workload_at_zero_pods_activates_when_its_gateway_queue_fills()
    {
        // With no pod, per-pod signals are absent; that is not an error for activation, only the queue can wake it.
        var trigger = Ref(("workload", "wake"), ("metric", "headroom_kv_cache_utilization"), ("target", "0.8"));
        await WaitForDataAsync("wake");
        Assert.False((await Client.IsActiveAsync(trigger, Deadline())).Result);
        Assert.Equal(0, (await ValueAsync(Ref(("workload", "wake")), "headroom_desired_replicas")).MetricValueFloat);

        fixture.Source.Set("wake", 4);
        await Poll.UntilAsync(async () => Assert.True((await Client.IsActiveAsync(trigger, Deadline())).Result), TimeSpan.FromSeconds(10));
        var queue = await ValueAsync(Ref(("workload", "wake"), ("metric", "headroom_queue_depth"), ("target", "1")), "headroom_queue_depth");
        Assert.Equal(4, queue.MetricValueFloat);
        // Under scalingModifiers KEDA asks the formula, not IsActive, so the desired replicas must wake the workload too.
        var desired = await ValueAsync(Ref(("workload", "wake")), "headroom_desired_replicas");
        Assert.True(desired.MetricValueFloat >= 1, $"desired {desired.MetricValueFloat} with 4 requests queued at the gateway");
    }

    [Fact]
    public async Task StreamIsActive_sends_the_state_at_once_and_pushes_each_change_within_a_second()
    {
        await WaitForDataAsync("push");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = Client.StreamIsActive(Ref(("workload", "push")), cancellationToken: cts.Token);
        var stream = call.ResponseStream;

        Assert.True(await stream.MoveNext(cts.Token));
        Assert.False(stream.Current.Result);

        foreach (var (gateway, expected) in new[] { (5.0, true), (0.0, false), (2.0, true) })
        {
            var changed = Stopwatch.StartNew();
            fixture.Source.Set("push", gateway);
            Assert.True(await stream.MoveNext(cts.Token));
            var latency = changed.Elapsed;
            Assert.Equal(expected, stream.Current.Result);
            Assert.True(latency < TimeSpan.FromSeconds(1), $"pushed {latency.TotalMilliseconds:F0} ms after the change");
        }
    }

    [Fact]
    public async Task StreamMetricSpec_sends_the_current_spec_at_once()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = Client.StreamMetricSpec(Ref(("workload", "chat"), ("metric", "headroom_token_throughput"), ("target", "1500")), cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        var spec = Assert.Single(call.ResponseStream.Current.MetricSpecs);
        Assert.Equal(("headroom_token_throughput", 1500.0), (spec.MetricName, spec.TargetSizeFloat));
    }

    public static TheoryData<string[], string> BadMetadata => new()
    {
        { [], "scalerMetadata.workload: is required" },
        { ["workload", "chat", "metric", "tokens"], "scalerMetadata.metric: \"tokens\" is not a Headroom signal" },
        { ["workload", "chat", "metric", "headroom_queue_depth"], "scalerMetadata.target: is required" },
        { ["workload", "chat", "target", "lots"], "scalerMetadata.target: \"lots\" is not a number" },
        { ["workload", "chat", "target", "-1"], "scalerMetadata.target: -1 must be above zero" },
        { ["workload", "chat", "activationTarget", "NaN"], "scalerMetadata.activationTarget: \"NaN\" is not a number" },
        { ["workload", "chat", "activationThreshold", "1"], "scalerMetadata.activationThreshold: is not a Headroom key" },
        { ["workload", "nope"], "scalerMetadata.workload: no workload \"nope\" is configured in namespace \"llm\"" },
        // The attack: a ScaledObject in llm asks for another namespace's workload, on every method.
        { ["workload", "chat", "namespace", "elsewhere"], "scalerMetadata.namespace: is \"elsewhere\", but a trigger reads workloads of its own ScaledObject's namespace (\"llm\") only" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task Bad_metadata_is_InvalidArgument_naming_the_key_on_every_method(string[] pairs, string message)
    {
        var reference = Ref(pairs.Chunk(2).Select(p => (p[0], p[1])).ToArray());
        var calls = new Func<Task>[]
        {
            () => Client.IsActiveAsync(reference, Deadline()).ResponseAsync,
            () => Client.GetMetricSpecAsync(reference, Deadline()).ResponseAsync,
            () => Client.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = reference, MetricName = "headroom_desired_replicas" }, Deadline()).ResponseAsync,
            async () =>
            {
                using var stream = Client.StreamIsActive(reference, Deadline());
                await stream.ResponseStream.MoveNext();
            },
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith(message, error.Status.Detail);
        }
    }

    [Fact]
    public async Task GetMetrics_for_another_metric_name_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetMetricsAsync(new GetMetricsRequest
        {
            ScaledObjectRef = Ref(("workload", "chat"), ("metric", "headroom_queue_depth"), ("target", "1")),
            MetricName = "headroom_token_throughput",
        }, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("headroom_queue_depth", error.Status.Detail);
    }

    [Fact]
    public async Task A_source_outage_becomes_Unavailable_after_the_staleness_bound_never_a_number()
    {
        var trigger = Ref(("workload", "outage"), ("metric", "headroom_queue_depth"), ("target", "1"));
        fixture.Source.Set("outage", 3);
        await Poll.UntilAsync(async () => Assert.Equal(3, (await ValueAsync(trigger, "headroom_queue_depth")).MetricValueFloat), TimeSpan.FromSeconds(10));

        fixture.Source.Fail("outage", true);
        var outage = Stopwatch.StartNew();
        // Until the bound, last-known-good is served; after it, only errors.
        await Poll.UntilAsync(async () =>
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetMetricsAsync(
                new GetMetricsRequest { ScaledObjectRef = trigger, MetricName = "headroom_queue_depth" }, Deadline()).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }, TimeSpan.FromSeconds(10), intervalMs: 50);
        Assert.True(outage.Elapsed >= SignalSettings.StaleAfter - SignalSettings.Interval, $"refused after only {outage.Elapsed.TotalMilliseconds:F0} ms");
        var activity = await Assert.ThrowsAsync<RpcException>(() => Client.IsActiveAsync(trigger, Deadline()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, activity.StatusCode);
        Assert.Contains("scripted outage", activity.Status.Detail);

        fixture.Source.Fail("outage", false);
        await Poll.UntilAsync(async () => Assert.Equal(3, (await ValueAsync(trigger, "headroom_queue_depth")).MetricValueFloat), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task One_pooled_connection_carries_hundreds_of_push_streams_and_every_poll()
    {
        // KEDA shares one connection per scaler address across ScaledObjects, each external-push trigger holding a stream.
        var connections = 0;
        using var channel = OpenChannel(fixture.Adapter.GrpcUrl, fixture.Serving, null, () => Interlocked.Increment(ref connections));
        var client = new ExternalScaler.ExternalScalerClient(channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var streams = Enumerable.Range(0, 150).Select(_ => client.StreamIsActive(Ref(("workload", "chat")), cancellationToken: cts.Token)).ToArray();
        try
        {
            foreach (var stream in streams)
            {
                Assert.True(await stream.ResponseStream.MoveNext(cts.Token));
                Assert.True(stream.ResponseStream.Current.Result);
            }
            // A KEDA poll: GetMetrics, then IsActive, repeatedly, each within KEDA-like deadlines.
            var trigger = Ref(("workload", "chat"), ("metric", "headroom_queue_depth"), ("target", "1"));
            for (var round = 0; round < 20; round++)
            {
                var value = await client.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = trigger, MetricName = "headroom_queue_depth" }, Deadline(3));
                Assert.Equal(7, Assert.Single(value.MetricValues).MetricValueFloat);
                Assert.True((await client.IsActiveAsync(trigger, Deadline(3))).Result);
            }
            Assert.Equal(1, Volatile.Read(ref connections));
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var stream in streams) stream.Dispose();
        }
    }

    // The attack: one client opens streams without end on one connection; past the cap they wait in the client
    // instead of costing the adapter more. KEDA's own polls fit well within it (see the test above).
    [Fact]
    public async Task A_connection_holds_at_most_the_stream_cap_and_the_next_call_waits_for_a_free_stream()
    {
        using var channel = OpenChannel(fixture.Adapter.GrpcUrl, fixture.Serving, null);
        var client = new ExternalScaler.ExternalScalerClient(channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var streams = Enumerable.Range(0, KedaListener.MaxStreamsPerConnection).Select(_ => client.StreamIsActive(Ref(("workload", "chat")), cancellationToken: cts.Token)).ToArray();
        try
        {
            foreach (var stream in streams) Assert.True(await stream.ResponseStream.MoveNext(cts.Token));
            var trigger = Ref(("workload", "chat"));

            var waiting = await Assert.ThrowsAsync<RpcException>(() => client.IsActiveAsync(trigger, Deadline(2)).ResponseAsync);
            Assert.Equal(StatusCode.DeadlineExceeded, waiting.StatusCode);

            streams[0].Dispose();
            Assert.True((await client.IsActiveAsync(trigger, Deadline(10))).Result);
        }
        finally
        {
            await cts.CancelAsync();
            foreach (var stream in streams) stream.Dispose();
        }
    }

    private async Task<MetricValue> ValueAsync(ScaledObjectRef trigger, string metric)
    {
        MetricValue? value = null;
        await Poll.UntilAsync(async () =>
        {
            var response = await Client.GetMetricsAsync(new GetMetricsRequest { ScaledObjectRef = trigger, MetricName = metric }, Deadline());
            value = Assert.Single(response.MetricValues);
        }, TimeSpan.FromSeconds(10), intervalMs: 50);
        return value!;
    }

    private Task WaitForDataAsync(string workload) =>
        ValueAsync(Ref(("workload", workload), ("metric", "headroom_queue_depth"), ("target", "1")), "headroom_queue_depth");
}
