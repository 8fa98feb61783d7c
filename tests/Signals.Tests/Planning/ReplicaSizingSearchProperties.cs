using FsCheck.Xunit;
using Headroom.Signals.Planning;

namespace Headroom.Signals.Tests.Planning;

public class ReplicaSizingSearchProperties
{
    [Property(Arbitrary = [typeof(PrefillCases)], MaxTest = 300)]
    public void The_prompts_ahead_search_finds_what_a_scan_over_every_count_finds(PrefillCase[] run)
    {
        // One after another on one thread, as a planner sizes them, so each search starts where the previous one ended.
        foreach (var demand in run)
        {
            var found = ReplicaSizing.ForPromptsAhead(demand.Arriving, demand.Sizes, demand.Rate, demand.Ttft, demand.OwnPrefill, demand.Misses);
            Assert.True(Scan(demand) == found, $"{demand}: the search found {found}, the scan {Scan(demand)}");
        }
    }

    [Property(Arbitrary = [typeof(PrefillCases)], MaxTest = 300)]
    public void A_prefill_count_does_not_depend_on_the_demands_sized_before_it(PrefillCase[] run)
    {
        foreach (var demand in run)
        {
            var afterOthers = Prefill(demand);
            var alone = 0;
            var fresh = new Thread(() => alone = Prefill(demand));
            fresh.Start();
            fresh.Join();
            Assert.True(alone == afterOthers, $"{demand}: {afterOthers} after the others, {alone} alone");
        }
    }

    // The fewest replicas from the utilisation floor up, one count at a time; the search's bound when none meets.
    private static int Scan(PrefillCase demand)
    {
        var load = demand.Arriving / demand.Rate;
        for (var servers = Math.Max(1, (int)Math.Ceiling(load / ReplicaSizing.MaxPrefillUtilization - 1e-9)); servers < ReplicaSizing.MaxReplicas; servers++)
        {
            if (ReplicaSizing.MeetsPromptsAhead(servers, demand.Arriving, demand.Sizes, demand.Rate, demand.Ttft, demand.OwnPrefill, demand.Misses))
                return servers;
        }
        return ReplicaSizing.MaxReplicas;
    }

    private static int Prefill(PrefillCase demand) =>
        ReplicaSizing.PrefillReplicas(demand.Arriving, demand.Dispersion, demand.PromptTokens, new ReplicaCapacity(demand.Rate, 1000, 100_000),
            new ServiceObjective(TimeSpan.FromSeconds(demand.Ttft), 1 - demand.Misses));
}
