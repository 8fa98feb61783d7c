using Headroom.Serving.History;

namespace Headroom.Adapter.Api;

/// <summary>What <c>/debug/history</c> answers: the kept span and step, and each workload's points after the time asked for.</summary>
/// <param name="WindowSeconds">How far back points are kept.</param>
/// <param name="ResolutionSeconds">The step of the kept points.</param>
/// <param name="Workloads">Each workload's points, oldest first.</param>
public sealed record DebugHistory(double WindowSeconds, double ResolutionSeconds, IReadOnlyList<WorkloadHistory> Workloads);
