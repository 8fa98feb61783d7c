using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

public sealed class SimultaneousArrivalsTests
{
    private static ReplaySummary Trace(long rows, long instants, int most) =>
        FeasibilityTests.Summary(null, null) with { TraceRows = rows, ArrivalInstants = instants, MostRequestsAtOneInstant = most };

    [Fact]
    public void A_trace_whose_requests_mostly_arrive_at_their_own_instant_gets_no_note()
    {
        Assert.Null(SimultaneousArrivals.Note(Trace(3993, 3982, 2)));
        Assert.Null(SimultaneousArrivals.Note(Trace(1000, 901, 3)));
        // Summaries written before the counts existed, and empty traces.
        Assert.Null(SimultaneousArrivals.Note(Trace(0, 0, 0)));
        Assert.Null(SimultaneousArrivals.Note(Trace(100, 0, 0)));
    }

    [Fact]
    public void The_note_gives_the_share_at_shared_instants_and_the_largest_group()
    {
        var note = SimultaneousArrivals.Note(Trace(12031, 1180, 28))!;

        Assert.Equal("90% of the trace's 12031 requests arrive at the same instant as the one before them (1180 instants; up to 28 at one). "
            + "Its timestamps look rounded to a tick: the replay serves each instant's requests at once as the trace records them, "
            + "and a group of long prompts that lands together waits behind itself on any fleet.", note);
        // One line that does not read as a CSV row: compare's stdout is CSV, and its stderr is sometimes merged in.
        Assert.DoesNotContain('\n', note);
        Assert.True(note.Count(c => c == ',') < 2, note);
        Assert.NotNull(SimultaneousArrivals.Note(Trace(1000, 900, 2)));
    }
}
