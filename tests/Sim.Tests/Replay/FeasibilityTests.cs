using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

/// <summary>The note a replay prints when even the clairvoyant oracle misses the objective.</summary>
public sealed class FeasibilityTests
{
    internal static ReplaySummary Summary(double? oracle, double? oracleAfter) => new()
    {
        Policy = "p",
        Requests = 100,
        SkippedRows = 0,
        Completed = 100,
        Dropped = 0,
        SloTtftSeconds = 2,
        Unattainable = 0,
        SloAttainment = 0.9,
        FirstColdStartSeconds = 180,
        SloAttainmentAfterFirstColdStart = 0.95,
        TtftP50Seconds = 1,
        TtftP99Seconds = 2,
        TpotP50Seconds = 0.01,
        QueueWaitP99Seconds = 1,
        GpuHours = 1,
        ReplicaSeconds = 3600,
        GpusPerReplica = 1,
        GpuBusyFraction = 0.5,
        ScaleEvents = 1,
        ColdStarts = 1,
        OracleGpuHours = oracle is null ? null : 1,
        OracleSloAttainment = oracle,
        OracleSloAttainmentAfterFirstColdStart = oracleAfter,
        SimulatedSeconds = 600,
        WallSeconds = 1,
    };

    [Theory]
    [InlineData(null, null)]
    [InlineData(0.99, 0.99)]
    [InlineData(1.0, null)]
    public void There_is_no_note_when_the_oracle_meets_the_objective_or_was_not_run(double? oracle, double? after) =>
        Assert.Null(Feasibility.Note(Summary(oracle, after)));

    [Fact]
    public void An_oracle_that_meets_it_after_the_first_cold_start_puts_its_misses_before_it()
    {
        var note = Feasibility.Note(Summary(0.9127, 0.9996));
        Assert.StartsWith("Even the clairvoyant oracle meets only 91.27% of attainable requests against an objective of 99%.", note);
        Assert.Contains("after the first cold start (180 s) it meets 99.96%", note);
        Assert.Contains("initialReplicas", note);
    }

    [Fact]
    public void An_oracle_that_misses_after_the_first_cold_start_too_says_so()
    {
        var note = Feasibility.Note(Summary(0.9, 0.95));
        Assert.Contains("It misses after the first cold start (180 s) too (95.00% met)", note);
        Assert.DoesNotContain("initialReplicas", note);
    }

    [Fact]
    public void A_trace_within_the_first_cold_start_says_every_request_came_before_a_replica_could()
    {
        Assert.Contains("Every attainable request arrives within the first cold start (180 s)", Feasibility.Note(Summary(0.5, null)));
    }

    [Fact]
    public void The_note_is_one_line_that_does_not_read_as_a_csv_row()
    {
        // compare's stdout is CSV and scripts read its rows by their commas; the note goes to stderr, which some merge in.
        foreach (var note in new[] { Feasibility.Note(Summary(0.9127, 0.9996)), Feasibility.Note(Summary(0.9, 0.95)), Feasibility.Note(Summary(0.5, null)) })
        {
            Assert.NotNull(note);
            Assert.DoesNotContain('\n', note);
            Assert.True(note.Count(c => c == ',') < 2, note);
        }
    }
}
