using System.Globalization;
using Headroom.Signals.Catalog;
using Headroom.Signals.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Headroom.Sim.Peers.Aibrix;

/// <summary>Reads an autoscaling.aibrix.ai/v1alpha1 PodAutoscaler manifest into a <see cref="PodAutoscalerSpec"/>.</summary>
public static class PodAutoscalerReader
{
    private const string Prefix = "autoscaling.aibrix.ai/";

    // AIBrix's metric names for vLLM's gauges (its central registry), and the fleet signal each is.
    private static readonly Dictionary<string, CatalogMetric> Metrics = new(StringComparer.Ordinal)
    {
        ["gpu_cache_usage_perc"] = CatalogMetric.KvCacheUtilization,
        ["kv_cache_usage_perc"] = CatalogMetric.KvCacheUtilization,
        ["num_requests_running"] = CatalogMetric.RunningRequests,
        ["num_requests_waiting"] = CatalogMetric.QueueDepth,
    };

    private static readonly HashSet<string> Annotations =
    [
        "max-scale-up-rate", "max-scale-down-rate", "scale-up-tolerance", "scale-down-tolerance", "panic-threshold",
        "scale-down-cooldown-window", "scale-up-cooldown-window",
    ];

    /// <summary>Parses the manifest.</summary>
    /// <exception cref="PodAutoscalerException">The YAML does not parse, or a field is missing, unknown or out of range.</exception>
    public static PodAutoscalerSpec Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PodAutoscalerException($"the YAML does not parse at line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root) throw new PodAutoscalerException("the document is empty");
        if (Text(root, "apiVersion") != "autoscaling.aibrix.ai/v1alpha1") throw new PodAutoscalerException("apiVersion: must be autoscaling.aibrix.ai/v1alpha1");
        if (Text(root, "kind") != "PodAutoscaler") throw new PodAutoscalerException("kind: must be PodAutoscaler");
        var metadata = Map(root, "metadata") ?? throw new PodAutoscalerException("metadata: required");
        var name = Text(metadata, "name") ?? throw new PodAutoscalerException("metadata.name: required");
        var annotations = ReadAnnotations(metadata);
        var spec = Map(root, "spec") ?? throw new PodAutoscalerException("spec: required");

        var strategy = Text(spec, "scalingStrategy") switch
        {
            "KPA" => AibrixStrategy.Kpa,
            "APA" => AibrixStrategy.Apa,
            null => throw new PodAutoscalerException("spec.scalingStrategy: required (KPA or APA)"),
            var other => throw new PodAutoscalerException($"spec.scalingStrategy: \"{other}\" is not modelled (KPA or APA; an HPA strategy is a plain HPA manifest)"),
        };
        var max = Int(spec, "maxReplicas") ?? throw new PodAutoscalerException("spec.maxReplicas: required");
        var min = Int(spec, "minReplicas") ?? 1;
        if (min < 0 || max < Math.Max(1, min)) throw new PodAutoscalerException($"spec: minReplicas {min} and maxReplicas {max} must satisfy 0 <= min <= max, max >= 1");

        if (spec.Children.TryGetValue(new YamlScalarNode("metricsSources"), out var sourcesNode) is false
            || sourcesNode is not YamlSequenceNode { Children.Count: > 0 } sources)
            throw new PodAutoscalerException("spec.metricsSources: required, with one source");
        if (sources.Children.Count > 1) throw new PodAutoscalerException("spec.metricsSources: the replay models one metric source");
        var source = sources.Children[0] as YamlMappingNode ?? throw new PodAutoscalerException("spec.metricsSources[0]: must be a mapping");
        var metric = Text(source, "targetMetric") ?? throw new PodAutoscalerException("spec.metricsSources[0].targetMetric: required");
        var bare = metric.StartsWith("vllm:", StringComparison.Ordinal) ? metric["vllm:".Length..] : metric;
        if (!Metrics.TryGetValue(bare, out var signal))
            throw new PodAutoscalerException($"spec.metricsSources[0].targetMetric: {metric} is not one the fleet model reports ({string.Join(", ", Metrics.Keys)})");
        var target = Number(Text(source, "targetValue"), "spec.metricsSources[0].targetValue")
            ?? throw new PodAutoscalerException("spec.metricsSources[0].targetValue: required");
        if (!(target > 0)) throw new PodAutoscalerException("spec.metricsSources[0].targetValue: must be positive");

        var stable = Seconds(spec, "observeWindowSeconds") ?? 60;
        var panic = Seconds(spec, "panicWindowSeconds") ?? Math.Max(1, stable / 10);
        if (panic > stable) throw new PodAutoscalerException("spec.panicWindowSeconds: must not exceed observeWindowSeconds");
        return new PodAutoscalerSpec(name, strategy, min, max, metric, signal, target,
            Positive(annotations, "max-scale-up-rate", 2), Positive(annotations, "max-scale-down-rate", 2),
            Fraction(annotations, "scale-up-tolerance", 0.1), Fraction(annotations, "scale-down-tolerance", 0.1),
            Positive(annotations, "panic-threshold", 2), TimeSpan.FromSeconds(stable), TimeSpan.FromSeconds(panic),
            Duration(annotations, "scale-down-cooldown-window", TimeSpan.FromSeconds(300)));
    }

    private static Dictionary<string, string> ReadAnnotations(YamlMappingNode metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Map(metadata, "annotations") is not { } annotations) return result;
        foreach (var (key, value) in annotations.Children)
        {
            if (key is not YamlScalarNode { Value: { } k } || !k.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var shortKey = k[Prefix.Length..];
            if (!Annotations.Contains(shortKey)) throw new PodAutoscalerException($"metadata.annotations: {k} is not an AIBrix autoscaling annotation");
            result[shortKey] = (value as YamlScalarNode)?.Value ?? "";
        }
        return result;
    }

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static int? Int(YamlMappingNode node, string key) =>
        Text(node, key) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw new PodAutoscalerException($"spec.{key}: \"{text}\" is not an integer");

    private static int? Seconds(YamlMappingNode node, string key) =>
        Int(node, key) is not { } v ? null
        : v is > 0 and <= 3600 ? v
        : throw new PodAutoscalerException($"spec.{key}: {v} must be between 1 and 3600");

    private static double? Number(string? text, string field) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
        : throw new PodAutoscalerException($"{field}: \"{text}\" is not a number");

    private static double Positive(Dictionary<string, string> annotations, string key, double fallback) =>
        annotations.TryGetValue(key, out var text)
            ? Number(text, $"metadata.annotations.{Prefix}{key}") is > 0 and var v ? v : throw new PodAutoscalerException($"metadata.annotations.{Prefix}{key}: must be positive")
            : fallback;

    private static double Fraction(Dictionary<string, string> annotations, string key, double fallback) =>
        annotations.TryGetValue(key, out var text)
            ? Number(text, $"metadata.annotations.{Prefix}{key}") is >= 0 and < 1 and var v ? v : throw new PodAutoscalerException($"metadata.annotations.{Prefix}{key}: must be at least 0 and below 1")
            : fallback;

    private static TimeSpan Duration(Dictionary<string, string> annotations, string key, TimeSpan fallback) =>
        annotations.TryGetValue(key, out var text)
            ? Headroom.Signals.Configuration.Duration.TryParse(text) is { } d && d >= TimeSpan.Zero ? d : throw new PodAutoscalerException($"metadata.annotations.{Prefix}{key}: \"{text}\" is not a duration (such as 300s or 3m)")
            : fallback;
}
