using Headroom.Sim.Replay;
using static Headroom.Sim.Tests.Replay.FeasibilityTests;

namespace Headroom.Sim.Tests.Replay;

/// <summary>The note a replay prints for a policy its own maxReplicas held.</summary>
public sealed class MaxReplicasNoteTests
{
    [Fact]
    public void A_policy_never_held_at_its_maximum_gets_no_note()
    {
        Assert.Null(MaxReplicasNote.Note(Summary(1, 1)));
        Assert.Null(MaxReplicasNote.Note(Summary(1, 1) with { ScaleUpLimitSeconds = 30 }));
    }

    [Fact]
    public void The_note_names_the_policy_the_cap_how_long_and_the_most_it_asked_for()
    {
        var held = Summary(1, 1) with { TooManyReplicasSeconds = 450.4, HeldAtMaxReplicas = 64, MostReplicasAskedOverMax = 99 };

        Assert.Equal("p: maxReplicas held the scale at 64 below what the controller recommended (up to 99) for 450 s of 600 s "
            + "(ScalingLimited, reason TooManyReplicas). Its attainment and GPU-hours are those of a fleet capped at 64; raise maxReplicas to see what the policy would do.",
            MaxReplicasNote.Note(held));
        // One line that does not read as a CSV row: compare's stdout is CSV, and its stderr is sometimes merged in.
        var note = MaxReplicasNote.Note(held)!;
        Assert.DoesNotContain('\n', note);
        Assert.True(note.Count(c => c == ',') < 2, note);
        // Held by a recommendation the stabilization window kept, with no proposal above the cap: no count to name.
        Assert.DoesNotContain("up to", MaxReplicasNote.Note(held with { MostReplicasAskedOverMax = 64 }));
        Assert.StartsWith("p: maxReplicaCount held the scale at 64", MaxReplicasNote.Note(held with { MaxReplicasField = "maxReplicaCount" }));
    }
}
