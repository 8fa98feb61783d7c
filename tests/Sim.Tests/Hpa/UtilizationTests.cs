using Headroom.Sim.Hpa;
using static Headroom.Sim.Tests.Support.Build;

namespace Headroom.Sim.Tests.Hpa;

// Resource metrics with a Utilization target: replica_calculator.go GetResourceReplicas and
// utilization.go GetResourceUtilizationRatio. Usage and requests are millicores.
public sealed class UtilizationTests
{
    [Fact]
    public void Utilization_is_total_usage_over_total_requests()
    {
        // GetResourceUtilizationRatio: (300+400+500)×100 / (500×3) = 120000/1500 = 80%; 80/50 = 1.6;
        // GetResourceReplicas: ceil(1.6 × 3) = ceil(4.8) = 5.
        var decision = FirstSync(Spec(1, 10, Cpu(50)), 3, Pods(3), Usage(500, 3, 300, 400, 500));

        Assert.Equal(5, decision.Proposal);
    }

    [Fact]
    public void Utilization_is_a_whole_percent()
    {
        // GetResourceUtilizationRatio: (1100+1100+1109)×100 / 3000 = 330900/3000 = 110 (110.3 truncated);
        // 110/100 = 1.1 is within the tolerance: the current 3.
        var decision = FirstSync(Spec(1, 10, Cpu(100)), 3, Pods(3), Usage(1000, 3, 1100, 1100, 1109));

        Assert.Equal(3, decision.Proposal);
    }

    [Fact]
    public void Unready_cpu_pods_count_as_idle_on_a_scale_up()
    {
        // groupPods: for cpu p3 is unready and its sample is dropped. p0..p2: 2100×100/3000 = 70%, 70/50 = 1.4 > 1
        // with an unready pod, so p3 counts as 0: 2100×100/4000 = 52%, 52/50 = 1.04 is within the tolerance:
        // the current 4. (Ignoring p3 would give ceil(1.4 × 3) = 5.)
        var pods = Pods(4);
        pods[3] = pods[3] with { Ready = false };
        var decision = FirstSync(Spec(1, 10, Cpu(50)), 4, pods, Usage(1000, 4, 700, 700, 700, 900));

        Assert.Equal(4, decision.Proposal);
    }

    [Fact]
    public void Unready_cpu_pods_are_left_out_of_a_scale_down()
    {
        // GetResourceReplicas: p3 unready, dropped. p0..p2: 600×100/3000 = 20%, 20/50 = 0.4 < 1, so no
        // scale-up with unready pods and nothing missing: ceil(0.4 × 3 ready) = ceil(1.2) = 2.
        var pods = Pods(4);
        pods[3] = pods[3] with { Ready = false };
        var decision = FirstSync(Spec(1, 10, Cpu(50)), 4, pods, Usage(1000, 4, 200, 200, 200, 900));

        Assert.Equal(2, decision.Proposal);
    }

    [Fact]
    public void Missing_pods_count_as_using_their_whole_request_on_a_scale_down()
    {
        // GetResourceReplicas: p0..p2 300×100/3000 = 10%, 10/50 = 0.2 < 1; p3 has no metric, so it counts as
        // request × max(100, 50)/100 = 1000: (300+1000)×100/4000 = 32%, 0.64, ceil(0.64 × 4) = ceil(2.56) = 3.
        var decision = FirstSync(Spec(1, 10, Cpu(50)), 4, Pods(4), Usage(1000, 4, 100, 100, 100, null));

        Assert.Equal(3, decision.Proposal);
    }

    [Fact]
    public void A_pod_without_a_request_makes_the_metric_invalid()
    {
        // calculateRequests: "missing request for cpu in container … of Pod p1"; the only metric is invalid, so
        // computeReplicasForMetrics fails and the scale is left alone.
        var sample = MetricSample.PerPod(new Dictionary<string, long> { ["p0"] = 500, ["p1"] = 500 }, new Dictionary<string, long> { ["p0"] = 1000 });
        var decision = FirstSync(Spec(1, 10, Cpu(50)), 2, Pods(2), sample);

        Assert.Equal((null, 2), (decision.Proposal, decision.DesiredReplicas));
        Assert.Contains("missing request for cpu", decision.Metrics[0].Error);
    }
}
