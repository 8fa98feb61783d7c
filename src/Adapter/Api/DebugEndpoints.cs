using System.Globalization;
using Headroom.Serving;
using Headroom.Serving.History;
using Headroom.Signals.Catalog;
using Headroom.Signals.Pipeline;
using Headroom.Signals.Snapshots;

namespace Headroom.Adapter.Api;

/// <summary>One workload as the debug endpoint shows it: every value and every input of the replica decision.</summary>
/// <param name="Namespace">Namespace.</param>
/// <param name="Workload">Workload name.</param>
/// <param name="ObservedAt">When the values were observed (RFC 3339), or null before the first observation.</param>
/// <param name="AgeSeconds">Seconds since then.</param>
/// <param name="Stale">Whether the values are past the staleness bound and refused to clients.</param>
/// <param name="LastError">Why the latest observation failed, if it did.</param>
/// <param name="ReadyPods">Ready pods counted.</param>
/// <param name="Values">Each catalog metric's value, null when missing.</param>
/// <param name="Decision">The inputs and result of the desired-replicas decision.</param>
/// <param name="OlderMetricNames">Metric names read that the engine has renamed since: readings that stop when the engine drops them.</param>
/// <param name="Engine">The engine the workload is configured with.</param>
/// <param name="EngineVersions">Ready pods per engine version (from their images; unknown without a pod list) and names generation.</param>
public sealed record DebugWorkload(
    string Namespace, string Workload, string? ObservedAt, double? AgeSeconds, bool Stale, string? LastError,
    int ReadyPods, IReadOnlyDictionary<string, double?> Values, ReplicaDecision? Decision, IReadOnlyList<string> OlderMetricNames,
    string Engine, IReadOnlyList<EngineVersionPods> EngineVersions)
{
    /// <summary>The role (prefill or decode) of a workload with roles, each shown on its own; null otherwise.</summary>
    public string? Role { get; init; }
}

/// <summary>
/// <c>/debug/workloads</c>: why each workload's numbers are what they are; <c>/debug/history</c>: the last hour of the
/// signals the live page charts. Authenticated and authorized like every other path (non-resource paths for
/// SubjectAccessReview).
/// </summary>
public static class DebugEndpoints
{
    /// <summary>Maps the debug paths.</summary>
    public static void MapDebug(this IEndpointRouteBuilder app)
    {
        app.MapGet("/debug/workloads", (HttpContext ctx, SnapshotStore store, SignalOptions options, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var workloads = store.Current.Workloads.Select(w =>
            {
                var age = w.ObservedAt is { } at ? (now - at).TotalSeconds : (double?)null;
                return new DebugWorkload(w.Spec.Namespace, w.Spec.Name,
                    w.ObservedAt is { } observed ? WireFormat.Timestamp(observed) : null, age,
                    age is null || age > options.StaleAfter.TotalSeconds, w.LastError, w.Pods.Count,
                    MetricCatalog.All.ToDictionary(m => m.Name, m => w.Values[m.Id]), w.Decision, w.OlderNames,
                    w.Spec.Engine.ToString().ToLowerInvariant(), w.EngineVersions)
                {
                    Role = w.Spec.Role?.Name,
                };
            }).ToArray();
            return ResponseBodies.WriteJsonAsync(ctx, workloads, ApiJsonContext.Default.DebugWorkloadArray);
        });
        app.MapGet("/debug/history", (HttpContext ctx, SignalHistory history) =>
        {
            var query = ctx.Request.Query;
            DateTimeOffset? after = null;
            if (query.TryGetValue("after", out var raw))
            {
                if (raw.Count != 1 || !DateTimeOffset.TryParse(raw[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return StatusResponses.WriteAsync(ctx, 400, $"after={raw}: must be one RFC 3339 time, such as a point's \"at\"");
                after = parsed;
            }
            var answer = new DebugHistory(history.Window.TotalSeconds, history.Resolution.TotalSeconds, history.After(after));
            return ResponseBodies.WriteJsonAsync(ctx, answer, ApiJsonContext.Default.DebugHistory);
        });
    }
}
