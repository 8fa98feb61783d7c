using Headroom.Adapter.Api;
using Headroom.Serving.Provider;
using Headroom.Signals.Catalog;

namespace Headroom.Adapter.Keda;

/// <summary>One workload's current signals, shaped for KEDA's <c>metrics-api</c> trigger (<c>valueLocation: metrics.&lt;name&gt;</c>).</summary>
/// <param name="Namespace">The workload's namespace.</param>
/// <param name="Workload">The workload's name.</param>
/// <param name="Timestamp">When the values were observed (RFC 3339).</param>
/// <param name="ReadyPods">Ready pods behind the values.</param>
/// <param name="Metrics">Each catalog signal that has a current value; a missing one is left out, so KEDA errors instead of reading zero.</param>
public sealed record MetricsApiWorkload(string Namespace, string Workload, string Timestamp, int ReadyPods, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// <c>GET /keda/v1/namespaces/{namespace}/workloads/{workload}</c> (with <c>?role=prefill</c> or <c>?role=decode</c> for a
/// workload with roles): the JSON endpoint for KEDA's metrics-api scaler, for users who do not run the gRPC scaler. Authenticated and authorized like every other path (a non-resource path).
/// </summary>
public static class MetricsApiEndpoints
{
    /// <summary>The path prefix.</summary>
    public const string Prefix = "/keda/v1";

    /// <summary>Maps the endpoint.</summary>
    public static void MapKedaMetricsApi(this IEndpointRouteBuilder app) =>
        app.MapGet(Prefix + "/namespaces/{ns}/workloads/{workload}", (HttpContext ctx, string ns, string workload, IWorkloadMetricsProvider provider) =>
        {
            WorkloadReading reading;
            try
            {
                var role = ctx.Request.Query["role"];
                reading = provider.GetWorkload(ns, workload, role.Count == 0 ? null : role.ToString());
            }
            catch (MetricsProviderException ex)
            {
                return StatusResponses.WriteAsync(ctx, ex.Error == ProviderError.NotFound ? 404 : 503, ex.Message);
            }
            var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var metric in MetricCatalog.All)
            {
                if (reading.Values[metric.Id] is { } value) metrics[metric.Name] = value;
            }
            var body = new MetricsApiWorkload(reading.Namespace, reading.Workload, WireFormat.Timestamp(reading.ObservedAt), reading.ReadyPods, metrics);
            return ResponseBodies.WriteJsonAsync(ctx, body, ApiJsonContext.Default.MetricsApiWorkload);
        });
}
