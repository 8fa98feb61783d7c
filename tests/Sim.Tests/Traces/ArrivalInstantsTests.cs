using Headroom.Sim.Traces;

namespace Headroom.Sim.Tests.Traces;

public sealed class ArrivalInstantsTests
{
    [Fact]
    public void Counts_rows_distinct_instants_and_the_longest_run_at_one()
    {
        var instants = new ArrivalInstants();
        foreach (var t in new[] { 0.0, 0.0, 0.0, 3.0, 3.0, 6.0, 6.001, 9.0, 9.0, 9.0, 9.0 }) instants.Add(t);

        Assert.Equal(11, instants.Rows);
        Assert.Equal(5, instants.Instants);
        Assert.Equal(4, instants.MostAtOne);
    }

    [Fact]
    public void Distinct_arrivals_are_each_their_own_instant()
    {
        var instants = new ArrivalInstants();
        for (var i = 0; i < 100; i++) instants.Add(i * 0.25);

        Assert.Equal(100, instants.Instants);
        Assert.Equal(1, instants.MostAtOne);
    }

    [Fact]
    public void A_replay_counts_the_first_pass_as_written_not_its_copies_or_loops()
    {
        var dir = Directory.CreateTempSubdirectory("headroom-instants-").FullName;
        try
        {
            var path = Path.Combine(dir, "ticks.csv");
            File.WriteAllText(path, "timestamp,prompt_tokens,output_tokens\n0,100,10\n0,100,10\n0,100,10\n3,100,10\n3,100,10\n6,100,10\n");
            using var trace = new TraceOptions(RateScale: 4, Loop: 3).Apply(new TraceReader(path));
            var requests = 0;
            while (trace.TryNext(out _)) requests++;

            Assert.Equal(6 * 4 * 3, requests);
            Assert.Equal(6, trace.Instants.Rows);
            Assert.Equal(3, trace.Instants.Instants);
            Assert.Equal(3, trace.Instants.MostAtOne);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
