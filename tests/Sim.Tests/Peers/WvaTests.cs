using Headroom.Signals.Catalog;
using Headroom.Signals.Snapshots;
using Headroom.Signals.Workloads;
using Headroom.Sim.Hpa;
using Headroom.Sim.Peers.Wva;
using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Peers;

// The workload-variant-autoscaler's saturation policy as the replay runs it: one pod more when spare capacity runs
// low, one fewer when the load fits on one pod fewer with spare to keep, a target held until it is reached.
public sealed class WvaTests
{
    private static readonly WorkloadSpec Spec = new() { Name = "llm", Namespace = "sim" };

    private static ControllerView View(double seconds, int replicas, params (double Kv, double Queue)[] pods)
    {
        var at = DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        var signals = pods.Select((p, i) =>
        {
            var values = new MetricValues();
            values.Set(CatalogMetric.KvCacheUtilization, p.Kv);
            values.Set(CatalogMetric.QueueDepth, p.Queue);
            return new PodSignals($"pod-{i}", new Dictionary<string, string>(), null, values);
        }).ToArray();
        var workload = new WorkloadSignals(Spec, at, null, new MetricValues(), signals, null);
        var names = Enumerable.Range(0, replicas).Select(i => ($"pod-{i}", i < pods.Length)).ToArray();
        return new ControllerView(TimeSpan.FromSeconds(seconds), replicas, names, new SnapshotMetrics(workload, at, TimeSpan.FromSeconds(30)));
    }

    private static long Target(MetricSample sample) => Assert.IsType<TotalSample>(sample).ValueMilli / 1000;

    [Fact]
    public void Low_spare_kv_capacity_asks_for_one_pod_more()
    {
        // Spare KV (0.8 − 0.75 on average) is below the 0.1 trigger.
        Assert.Equal(3, Target(new SaturationPolicy().Read(View(0, 2, (0.75, 0), (0.75, 0)))));
    }

    [Fact]
    public void Every_pod_saturated_asks_for_one_pod_more() =>
        Assert.Equal(3, Target(new SaturationPolicy().Read(View(0, 2, (0.9, 0), (0.3, 6)))));

    [Fact]
    public void A_load_that_fits_on_one_pod_fewer_with_spare_to_keep_lets_one_go()
    {
        // Three pods at KV 0.1 and queue 0: on two, KV 0.15 and queue 0 leave 0.65 and 5 spare, above both triggers.
        Assert.Equal(2, Target(new SaturationPolicy().Read(View(0, 3, (0.1, 0), (0.1, 0), (0.1, 0)))));
        // At KV 0.45 each, two pods would hold 0.675 each: 0.125 spare, still above 0.1; at 0.5, 0.05: no.
        Assert.Equal(2, Target(new SaturationPolicy().Read(View(0, 3, (0.45, 0), (0.45, 0), (0.45, 0)))));
        Assert.Equal(3, Target(new SaturationPolicy().Read(View(0, 3, (0.5, 0), (0.5, 0), (0.5, 0)))));
    }

    [Fact]
    public void Peaks_of_the_last_minute_count_and_the_decision_waits_for_the_next_reconcile()
    {
        var wva = new SaturationPolicy();
        // KV 0.4 on both: 0.4 spare each, but 0.8 on one pod fewer leaves none: it holds at 2.
        Assert.Equal(2, Target(wva.Read(View(0, 2, (0.4, 0), (0.4, 0)))));
        // A spike to 0.75 at 20 s is remembered, but the next decision is at 60 s.
        Assert.Equal(2, Target(wva.Read(View(20, 2, (0.75, 0), (0.75, 0)))));
        Assert.Equal(2, Target(wva.Read(View(40, 2, (0.4, 0), (0.4, 0)))));
        // At 60 s the readings are back at 0.4, but the peak of the last minute leaves 0.05 spare: one pod more.
        Assert.Equal(3, Target(wva.Read(View(60, 2, (0.4, 0), (0.4, 0)))));
    }

    [Fact]
    public void A_target_is_held_until_the_scale_reaches_it()
    {
        var wva = new SaturationPolicy();
        Assert.Equal(3, Target(wva.Read(View(0, 2, (0.75, 0), (0.75, 0)))));
        // A minute on, the third pod is still starting (2 ready, 3 wanted): 3 stands whatever the readings.
        Assert.Equal(3, Target(wva.Read(View(60, 3, (0.1, 0), (0.1, 0)))));
    }

    [Fact]
    public void Stale_signals_are_an_error_never_a_target() =>
        Assert.IsType<FailedSample>(new SaturationPolicy().Read(new ControllerView(TimeSpan.Zero, 2, [("pod-0", true)],
            new SnapshotMetrics(WorkloadSignals.NotYetObserved(Spec), DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(30)))));
}
