namespace Headroom.Signals.Planning;

/// <summary>The latency a workload promises: the share of requests whose first token comes within <see cref="Ttft"/>.</summary>
/// <param name="Ttft">Time to first token that a request must meet.</param>
/// <param name="Attainment">Share of requests that must meet it, such as 0.99.</param>
public sealed record ServiceObjective(TimeSpan Ttft, double Attainment)
{
    /// <summary>A 2 s time to first token for 99% of requests.</summary>
    public static ServiceObjective Default { get; } = new(TimeSpan.FromSeconds(2), 0.99);
}
