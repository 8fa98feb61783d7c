using Headroom.Signals.Catalog;
using Headroom.Sim.Hpa;
using Headroom.Sim.Peers.Aibrix;
using static Headroom.Sim.Tests.Peers.PeerViews;

namespace Headroom.Sim.Tests.Peers;

// AIBrix's PodAutoscaler as the replay reads and runs it: KPA's windows, panic mode and cooldown, APA's tolerance band.
public sealed class AibrixTests
{
    private static string Manifest(string strategy, string annotations = "", string extraSpec = "", string metric = "gpu_cache_usage_perc", string target = "\"0.5\"") => $$"""
        apiVersion: autoscaling.aibrix.ai/v1alpha1
        kind: PodAutoscaler
        metadata:
          name: llm
          annotations: {{{annotations}}}
        spec:
          scalingStrategy: {{strategy}}
          minReplicas: 1
          maxReplicas: 20
        {{extraSpec}}
          metricsSources:
          - {metricSourceType: pod, protocolType: http, port: "8000", path: metrics, targetMetric: {{metric}}, targetValue: {{target}}}
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: llm}
        """;

    [Fact]
    public void Defaults_are_AIBrixs_and_annotations_override_them()
    {
        var spec = PodAutoscalerReader.Parse(Manifest("KPA"));
        Assert.Equal((AibrixStrategy.Kpa, 1, 20, CatalogMetric.KvCacheUtilization, 0.5), (spec.Strategy, spec.MinReplicas, spec.MaxReplicas, spec.Signal, spec.TargetValue));
        Assert.Equal((2.0, 2.0, 0.1, 0.1, 2.0), (spec.MaxScaleUpRate, spec.MaxScaleDownRate, spec.UpTolerance, spec.DownTolerance, spec.PanicThreshold));
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(6), TimeSpan.FromMinutes(5)), (spec.StableWindow, spec.PanicWindow, spec.ScaleDownCooldown));

        var tuned = PodAutoscalerReader.Parse(Manifest("APA",
            "autoscaling.aibrix.ai/scale-down-cooldown-window: 3m, autoscaling.aibrix.ai/scale-up-tolerance: \"0.2\", autoscaling.aibrix.ai/max-scale-up-rate: \"4\"",
            "  observeWindowSeconds: 120\n  panicWindowSeconds: 20", metric: "vllm:num_requests_waiting", target: "\"5\""));
        Assert.Equal((AibrixStrategy.Apa, CatalogMetric.QueueDepth, 5.0, 0.2, 4.0), (tuned.Strategy, tuned.Signal, tuned.TargetValue, tuned.UpTolerance, tuned.MaxScaleUpRate));
        Assert.Equal((TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(3)), (tuned.StableWindow, tuned.PanicWindow, tuned.ScaleDownCooldown));
    }

    [Theory]
    [InlineData("HPA", "", "", "gpu_cache_usage_perc", "\"0.5\"", "spec.scalingStrategy: \"HPA\" is not modelled")]
    [InlineData("KPA", "", "", "cpu", "\"0.5\"", "spec.metricsSources[0].targetMetric: cpu is not one the fleet model reports")]
    [InlineData("KPA", "", "", "gpu_cache_usage_perc", "\"half\"", "spec.metricsSources[0].targetValue: \"half\" is not a number")]
    [InlineData("KPA", "", "", "gpu_cache_usage_perc", "\"0\"", "spec.metricsSources[0].targetValue: must be positive")]
    [InlineData("KPA", "autoscaling.aibrix.ai/panic-treshold: \"3\"", "", "gpu_cache_usage_perc", "\"0.5\"", "metadata.annotations: autoscaling.aibrix.ai/panic-treshold is not an AIBrix autoscaling annotation")]
    [InlineData("KPA", "autoscaling.aibrix.ai/scale-down-cooldown-window: soon", "", "gpu_cache_usage_perc", "\"0.5\"", "scale-down-cooldown-window: \"soon\" is not a duration")]
    [InlineData("KPA", "", "  observeWindowSeconds: 30\n  panicWindowSeconds: 40", "gpu_cache_usage_perc", "\"0.5\"", "spec.panicWindowSeconds: must not exceed observeWindowSeconds")]
    public void A_manifest_the_replay_cannot_run_is_refused_naming_the_field(string strategy, string annotations, string extra, string metric, string target, string message)
    {
        var e = Assert.Throws<PodAutoscalerException>(() => PodAutoscalerReader.Parse(Manifest(strategy, annotations, extra, metric, target)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Kpa_scales_to_the_stable_average_over_the_target_within_its_rates()
    {
        var kpa = new KpaController(PodAutoscalerReader.Parse(Manifest("KPA")));
        // One pod, KV 0.9 against a target of 0.5: ⌈0.9 / 0.5⌉ = 2 pods, within ⌈2 × 1⌉.
        Assert.Equal(2, kpa.Sync(View(0, 1, CatalogMetric.KvCacheUtilization, 0.9)).DesiredReplicas);
        // Ten seconds later four pods at 0.9: the 6 s panic window holds only that tick, 3.6 / 0.5 → 8 pods, twice the
        // 4 ready, so panic starts and its count wins over the stable window's ⌈(0.1 + 3.6) / 2 / 0.5⌉ = 4.
        var panic = new KpaController(PodAutoscalerReader.Parse(Manifest("KPA")));
        panic.Sync(View(0, 1, CatalogMetric.KvCacheUtilization, 0.1));
        Assert.Equal(8, panic.Sync(View(10, 4, CatalogMetric.KvCacheUtilization, 0.9, 0.9, 0.9, 0.9)).DesiredReplicas);
    }

    [Fact]
    public void Kpa_in_panic_never_scales_down_until_a_stable_window_passes_without_panic()
    {
        var kpa = new KpaController(PodAutoscalerReader.Parse(Manifest("KPA", "autoscaling.aibrix.ai/scale-down-cooldown-window: 0s")));
        kpa.Sync(View(0, 1, CatalogMetric.KvCacheUtilization, 0.1));
        // A spike on 2 pods at t = 10: panic count ⌈2 / 0.5⌉ = 4 ≥ 2 × 2 ready, so panic starts; 4 is also ⌈2 × 2⌉.
        Assert.Equal(4, kpa.Sync(View(10, 2, CatalogMetric.KvCacheUtilization, 1.0, 1.0)).DesiredReplicas);
        // The spike is over; in panic, nothing is scaled down.
        for (var t = 12; t <= 70; t += 2) Assert.Equal(4, kpa.Sync(View(t, 4, CatalogMetric.KvCacheUtilization, 0.1, 0.1, 0.1, 0.1)).DesiredReplicas);
        // More than a stable window after the threshold was last crossed, panic ends: the stable count ⌈0.4 / 0.5⌉ = 1,
        // but at most halved in one tick.
        Assert.Equal(2, kpa.Sync(View(72, 4, CatalogMetric.KvCacheUtilization, 0.1, 0.1, 0.1, 0.1)).DesiredReplicas);
    }

    [Fact]
    public void Kpa_starting_over_several_pods_holds_them_in_panic_for_a_stable_window()
    {
        var kpa = new KpaController(PodAutoscalerReader.Parse(Manifest("KPA", "autoscaling.aibrix.ai/scale-down-cooldown-window: 0s")));
        for (var t = 0; t <= 60; t += 2) Assert.Equal(4, kpa.Sync(View(t, 4, CatalogMetric.KvCacheUtilization, 0, 0, 0, 0)).DesiredReplicas);
        Assert.Equal(2, kpa.Sync(View(62, 4, CatalogMetric.KvCacheUtilization, 0, 0, 0, 0)).DesiredReplicas); // halved at most
    }

    [Fact]
    public void The_scale_down_cooldown_keeps_the_largest_recommendation_of_its_window()
    {
        var apa = new ApaController(PodAutoscalerReader.Parse(Manifest("APA", "autoscaling.aibrix.ai/scale-down-cooldown-window: 60s")));
        Assert.Equal(8, apa.Sync(View(0, 4, CatalogMetric.KvCacheUtilization, 1, 1, 1, 1)).DesiredReplicas); // r = 2: 4 × 2
        Assert.Equal(8, apa.Sync(View(30, 8, CatalogMetric.KvCacheUtilization, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1)).DesiredReplicas);
        Assert.Equal(4, apa.Sync(View(61, 8, CatalogMetric.KvCacheUtilization, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1)).DesiredReplicas);
    }

    [Theory]
    [InlineData(0.54, 4)] // r = 1.08: within the 10% band
    [InlineData(0.46, 4)] // r = 0.92: within the band
    [InlineData(0.6, 5)]  // r = 1.2: ⌈4 × 1.2⌉
    [InlineData(2.0, 8)]  // r = 4: ⌈16⌉, capped at 4 × 2
    [InlineData(0.3, 3)]  // r = 0.6: ⌈2.4⌉
    [InlineData(0.05, 2)] // r = 0.1: ⌈0.4⌉, but at most halved
    public void Apa_holds_within_its_tolerance_band_and_moves_by_the_ratio_outside_it(double perPod, int expected)
    {
        var apa = new ApaController(PodAutoscalerReader.Parse(Manifest("APA", "autoscaling.aibrix.ai/scale-down-cooldown-window: 0s")));
        Assert.Equal(expected, apa.Sync(View(0, 4, CatalogMetric.KvCacheUtilization, perPod, perPod, perPod, perPod)).DesiredReplicas);
    }

    [Fact]
    public void Max_and_min_replicas_clamp_the_recommendation_and_say_which_held_it()
    {
        // APA from 16 pods at r = 2: 32 recommended, maxReplicas 20 holds it; KPA from 1 pod at KV 0: 0 recommended,
        // minReplicas 1 holds it; within the range, no limit.
        var apa = new ApaController(PodAutoscalerReader.Parse(Manifest("APA", "autoscaling.aibrix.ai/scale-down-cooldown-window: 0s")));
        var capped = apa.Sync(View(0, 16, CatalogMetric.KvCacheUtilization, Enumerable.Repeat(1.0, 16).ToArray()));
        Assert.Equal((20, 32, ScalingLimit.TooManyReplicas), (capped.DesiredReplicas, capped.Proposal, capped.Limited));
        var kpa = new KpaController(PodAutoscalerReader.Parse(Manifest("KPA", "autoscaling.aibrix.ai/scale-down-cooldown-window: 0s")));
        var floored = kpa.Sync(View(0, 1, CatalogMetric.KvCacheUtilization, 0));
        Assert.Equal((1, 0, ScalingLimit.TooFewReplicas), (floored.DesiredReplicas, floored.Proposal, floored.Limited));
        Assert.Equal(ScalingLimit.None, kpa.Sync(View(2, 1, CatalogMetric.KvCacheUtilization, 0.9)).Limited);
    }

    [Fact]
    public void Missing_metrics_hold_the_current_scale()
    {
        var spec = PodAutoscalerReader.Parse(Manifest("KPA"));
        Assert.Equal(5, new KpaController(spec).Sync(Stale(0, 5)).DesiredReplicas);
        Assert.Equal(5, new ApaController(spec with { Strategy = AibrixStrategy.Apa }).Sync(Stale(0, 5)).DesiredReplicas);
    }
}
