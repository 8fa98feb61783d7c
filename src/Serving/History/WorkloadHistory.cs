namespace Headroom.Serving.History;

/// <summary>The recent points of one workload, oldest first.</summary>
/// <param name="Namespace">Namespace.</param>
/// <param name="Workload">Workload name.</param>
/// <param name="Points">Points, oldest first.</param>
public sealed record WorkloadHistory(string Namespace, string Workload, IReadOnlyList<HistoryPoint> Points)
{
    /// <summary>The role, for a workload with roles; null otherwise.</summary>
    public string? Role { get; init; }
}
