using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Selectors;
using Headroom.Signals.Snapshots;

namespace Headroom.Serving.Provider;

/// <summary>
/// Serves both metrics APIs from the latest snapshot. It never calls a source: stale or missing
/// data is refused with <see cref="ProviderError.Unavailable"/>, so the HPA holds instead of acting on it.
/// </summary>
public sealed class SnapshotMetricsProvider(SnapshotStore store, SignalOptions options, TimeProvider time)
    : ICustomMetricsProvider, IExternalMetricsProvider, IWorkloadMetricsProvider
{
    private static readonly GroupResource Pods = new("", "pods");
    private static readonly GroupResource Namespaces = new("", "namespaces");
    private static readonly GroupResource Nodes = new("", "nodes");
    private static readonly GroupResource Deployments = new("apps", "deployments");

    private static readonly IReadOnlyList<CustomMetricInfo> CustomMetrics = MetricCatalog.All
        .SelectMany(m => new[]
        {
            new CustomMetricInfo(Pods, true, m.Name),
            new CustomMetricInfo(Namespaces, false, m.Name),
            new CustomMetricInfo(Deployments, true, m.Name),
        }.Concat(m.OnNodes ? [new CustomMetricInfo(Nodes, false, m.Name)] : []))
        .ToArray();

    private static readonly IReadOnlyList<string> ExternalMetrics = MetricCatalog.All.Select(m => m.Name).ToArray();

    /// <inheritdoc />
    public object DataVersion => store.Current;

    /// <inheritdoc />
    public IReadOnlyList<CustomMetricInfo> ListAllMetrics() => CustomMetrics;

    /// <inheritdoc />
    public IReadOnlyList<string> ListAllExternalMetrics() => ExternalMetrics;

    /// <inheritdoc />
    public ObjectMetricSample GetMetricByName(string? ns, GroupResource resource, string name, string metric, LabelSelector metricSelector)
    {
        var definition = Definition(metric, resource);
        RequireScope(ns, resource);
        var snapshot = store.Current;
        if (resource == Nodes) return NodeSample(snapshot, name, definition, metricSelector);
        if (resource == Namespaces) return NamespaceSample(snapshot, name, definition, metricSelector);
        RequireNamespace(snapshot, ns);

        if (resource == Pods)
        {
            if (!snapshot.TryGetPod(ns!, name, out var workload, out var pod))
                throw NotFound($"pods \"{name}\" not found among ready pods of any workload in namespace \"{ns}\"");
            return PodSample(workload, pod, definition, metricSelector)
                ?? throw NotFound($"the server could not find the metric {metric} for pods {name} with labels matching the metric selector");
        }
        if (!snapshot.TryGetByDeployment(ns!, name, out var deployed))
            throw NotFound($"deployments.apps \"{name}\" not found among workloads in namespace \"{ns}\"");
        return WorkloadSample(deployed, definition, metricSelector)
            ?? throw NotFound($"the server could not find the metric {metric} for deployments.apps {name} with labels matching the metric selector");
    }

    /// <inheritdoc />
    public IReadOnlyList<ObjectMetricSample> GetMetricBySelector(string? ns, GroupResource resource, LabelSelector selector, string metric, LabelSelector metricSelector)
    {
        var definition = Definition(metric, resource);
        RequireScope(ns, resource);
        var snapshot = store.Current;
        if (resource == Nodes)
        {
            return snapshot.Nodes.Where(n => selector.Matches(n.MetricLabels))
                .Select(n => NodeSample(snapshot, n.Name, definition, metricSelector)).ToArray();
        }
        if (resource == Namespaces)
            throw NotFound("namespaces are not listed by selector; ask for one namespace's metrics");
        RequireNamespace(snapshot, ns);

        var results = new List<ObjectMetricSample>();
        foreach (var workload in snapshot.InNamespace(ns!))
        {
            if (resource == Pods)
            {
                foreach (var pod in workload.Pods)
                {
                    if (selector.Matches(pod.Labels) && PodSample(workload, pod, definition, metricSelector) is { } sample)
                        results.Add(sample);
                }
            }
            else if (selector.Matches(workload.MetricLabels) && WorkloadSample(workload, definition, metricSelector) is { } sample)
            {
                results.Add(sample);
            }
        }
        return results;
    }

    /// <inheritdoc />
    public IReadOnlyList<MetricSample> GetExternalMetric(string ns, LabelSelector selector, string metric)
    {
        if (!MetricCatalog.TryGet(metric, out var definition))
            throw NotFound($"the server could not find the external metric {metric}");
        var snapshot = store.Current;
        RequireNamespace(snapshot, ns);
        var results = new List<MetricSample>();
        foreach (var workload in snapshot.InNamespace(ns))
        {
            if (!selector.Matches(workload.MetricLabels)) continue;
            RequireFresh(workload, definition);
            results.Add(Sample(definition, workload.MetricLabels, workload.ObservedAt!.Value,
                workload.Values[definition.Id], $"workload {workload.Spec.Id}"));
        }
        return results;
    }

    /// <inheritdoc />
    public WorkloadReading GetWorkload(string ns, string workload, string? role = null)
    {
        var snapshot = store.Current;
        RequireNamespace(snapshot, ns);
        var named = snapshot.InNamespace(ns).Where(w => w.Spec.Name == workload).ToArray();
        if (named.Length == 0) throw NotFound($"no workload \"{workload}\" is configured in namespace \"{ns}\"");
        var found = named.FirstOrDefault(w => w.Spec.Role?.Name == role);
        if (found is null)
        {
            var roles = string.Join(", ", named.Select(w => w.Spec.Role?.Name).OfType<string>());
            throw NotFound(role is null
                ? $"workload \"{workload}\" in namespace \"{ns}\" has roles ({roles}); name the one to read"
                : roles.Length == 0
                    ? $"workload \"{workload}\" in namespace \"{ns}\" has no roles; leave the role out"
                    : $"workload \"{workload}\" in namespace \"{ns}\" has no role \"{role}\" (it has {roles})");
        }
        // Each value is served only within its own staleness bound; past every bound, the whole workload is refused.
        RequireFresh(found, MetricCatalog.All.MaxBy(m => options.StaleAfterFor(m.Id))!);
        var age = time.GetUtcNow() - found.ObservedAt!.Value;
        var values = new MetricValues();
        foreach (var metric in MetricCatalog.All)
        {
            if (age <= options.StaleAfterFor(metric.Id)) values.Set(metric.Id, found.Values[metric.Id]);
        }
        return new WorkloadReading(ns, workload, found.ObservedAt.Value, found.Pods.Count, values);
    }

    /// <inheritdoc />
    public Task NextUpdate => store.NextPublish;

    private static MetricDefinition Definition(string metric, GroupResource resource)
    {
        var known = resource == Pods || resource == Namespaces || resource == Deployments || resource == Nodes;
        if (!known) throw NotFound($"the server does not serve custom metrics for resource {resource}");
        if (!MetricCatalog.TryGet(metric, out var definition) || (resource == Nodes && !definition.OnNodes))
            throw NotFound($"the server could not find the metric {metric} for {resource}");
        return definition;
    }

    // Nodes and namespaces are cluster-scoped: asked for within a namespace, they are not there, whatever the name.
    private static void RequireScope(string? ns, GroupResource resource)
    {
        if (ns is not null && (resource == Nodes || resource == Namespaces))
            throw NotFound($"{resource} are not namespaced: there are none in namespace \"{ns}\"");
    }

    private static void RequireNamespace(SignalSnapshot snapshot, string? ns)
    {
        if (ns is null || !snapshot.HasNamespace(ns))
            throw NotFound($"namespaces \"{ns}\" not found: no configured workload runs there");
    }

    private ObjectMetricSample? PodSample(WorkloadSignals workload, PodSignals pod, MetricDefinition definition, LabelSelector metricSelector)
    {
        if (!metricSelector.Matches(workload.MetricLabels)) return null;
        RequireFresh(workload, definition);
        var described = new DescribedObject("Pod", "v1", workload.Spec.Namespace, pod.Name);
        return new(described, Sample(definition, workload.MetricLabels, workload.ObservedAt!.Value, pod.Values[definition.Id], $"pod {pod.Name}"));
    }

    private ObjectMetricSample? WorkloadSample(WorkloadSignals workload, MetricDefinition definition, LabelSelector metricSelector)
    {
        if (!metricSelector.Matches(workload.MetricLabels)) return null;
        RequireFresh(workload, definition);
        var described = new DescribedObject("Deployment", "apps/v1", workload.Spec.Namespace, workload.Spec.DeploymentName);
        return new(described, Sample(definition, workload.MetricLabels, workload.ObservedAt!.Value,
            workload.Values[definition.Id], $"workload {workload.Spec.Id}"));
    }

    private ObjectMetricSample NamespaceSample(SignalSnapshot snapshot, string ns, MetricDefinition definition, LabelSelector metricSelector)
    {
        RequireNamespace(snapshot, ns);
        var workloads = snapshot.InNamespace(ns).Where(w => metricSelector.Matches(w.MetricLabels)).ToArray();
        if (workloads.Length == 0)
            throw NotFound($"the server could not find the metric {definition.Name} for namespaces {ns} with labels matching the metric selector");
        foreach (var workload in workloads) RequireFresh(workload, definition);
        var value = Aggregate.Combine(definition.Aggregation, workloads.Select(w => w.Values[definition.Id]));
        var labels = new Dictionary<string, string> { ["namespace"] = ns };
        return new(new DescribedObject("Namespace", "v1", null, ns),
            Sample(definition, labels, workloads.Min(w => w.ObservedAt!.Value), value, $"namespace {ns}"));
    }

    private ObjectMetricSample NodeSample(SignalSnapshot snapshot, string name, MetricDefinition definition, LabelSelector metricSelector)
    {
        if (!snapshot.TryGetNode(name, out var node) || !metricSelector.Matches(node.MetricLabels))
            throw NotFound($"nodes \"{name}\" not found: no ready workload pod runs there");
        RequireFresh(node.ObservedAt, $"node {name}", null, definition);
        return new(new DescribedObject("Node", "v1", null, name),
            Sample(definition, node.MetricLabels, node.ObservedAt, node.Values[definition.Id], $"node {name}"));
    }

    private MetricSample Sample(MetricDefinition definition, IReadOnlyDictionary<string, string> labels, DateTimeOffset at, double? value, string subject) =>
        value is { } v
            ? new MetricSample(definition.Name, labels, at, options.SmoothingWindow, v, at + options.StaleAfterFor(definition.Id))
            : throw new MetricsProviderException(ProviderError.Unavailable,
                $"{definition.Name} has no current value for {subject}: its source does not report it, or not yet");

    private void RequireFresh(WorkloadSignals workload, MetricDefinition definition) =>
        RequireFresh(workload.ObservedAt, $"workload {workload.Spec.Namespace}/{workload.Spec.Id}", workload.LastError, definition);

    // Each metric has its own bound, so an outage turns metrics into 503s one by one, each when its bound passes.
    private void RequireFresh(DateTimeOffset? observedAt, string subject, string? lastError, MetricDefinition definition)
    {
        var because = lastError is null ? "" : $"; last error: {lastError}";
        if (observedAt is not { } at)
            throw new MetricsProviderException(ProviderError.Unavailable, $"no data yet for {subject}{because}");
        var age = time.GetUtcNow() - at;
        var bound = options.StaleAfterFor(definition.Id);
        if (age > bound)
            throw new MetricsProviderException(ProviderError.Unavailable,
                $"{definition.Name} of {subject} is {age.TotalSeconds:F0}s old, beyond its {bound.TotalSeconds:F0}s staleness bound{because}");
    }

    private static MetricsProviderException NotFound(string message) => new(ProviderError.NotFound, message);
}
