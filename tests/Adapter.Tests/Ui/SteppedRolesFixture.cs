using Headroom.Adapter.Hosting;
using Headroom.Adapter.Tests.Support;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Tests.Ui;

/// <summary>The stepped demo host serving a workload with prefill and decode roles (<see cref="RoleStandInSource"/>) instead of the demo fleet.</summary>
public sealed class SteppedRolesFixture : SteppedDemoFixture
{
    private static readonly WorkloadSpec Llama = new() { Name = "llama", Namespace = "demo", Selector = "app=llama", ColdStartPrior = TimeSpan.FromSeconds(60) };

    /// <summary>The two roles served.</summary>
    public static IReadOnlyList<WorkloadSpec> Roles { get; } =
    [
        Llama with { Deployment = "llama-prefill", Role = new WorkloadRole(WorkloadRole.Prefill, WorkloadRole.LlmdRoleLabel, WorkloadRole.Prefill) },
        Llama with { Deployment = "llama-decode", Role = new WorkloadRole(WorkloadRole.Decode, WorkloadRole.LlmdRoleLabel, WorkloadRole.Decode) },
    ];

    protected override HostPlan Plan(HostPlan demo, int seed, SteppedClock clock) =>
        demo with { Source = new RoleStandInSource(clock), Workloads = Roles, Clock = clock };
}
