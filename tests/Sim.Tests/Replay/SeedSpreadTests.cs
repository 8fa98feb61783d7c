using Headroom.Sim.Replay;

namespace Headroom.Sim.Tests.Replay;

public sealed class SeedSpreadTests
{
    [Fact]
    public void Seeds_are_whole_numbers_each_given_once()
    {
        Assert.Equal([1, 2, 7], SeedSpread.Parse("1, 2,7").Seeds);
        Assert.Equal((null, null), SeedSpread.Parse(null));
        Assert.Equal("--seeds 1,x: 'x' is not a whole number of zero or more", SeedSpread.Parse("1,x").Problem);
        Assert.Equal("--seeds 1,-2: '-2' is not a whole number of zero or more", SeedSpread.Parse("1,-2").Problem);
        Assert.Equal("--seeds 3,3: seed 3 is given twice", SeedSpread.Parse("3,3").Problem);
        Assert.NotNull(SeedSpread.Parse("").Problem);
    }

    [Fact]
    public void Each_policy_gets_its_least_mean_and_most_over_the_seeds_and_each_seed_its_row()
    {
        static ReplaySummary Run(string policy, double slo, double gpuHours) =>
            FeasibilityTests.Summary(0.99, 0.995) with { Policy = policy, SloAttainment = slo, GpuHours = gpuHours, OracleGpuHours = 2 };
        var table = new StringWriter();
        var rows = new StringWriter();

        SeedSpread.Write(table, rows,
        [
            (1, [Run("a", 0.99, 3), Run("b", 0.97, 1)]),
            (2, [Run("a", 0.995, 4), Run("b", 0.96, 1.5)]),
        ]);

        Assert.Equal([SeedSpread.Header, "a,2,0.9900,0.9925,0.9950,3.000,3.500,4.000,2.000", "b,2,0.9600,0.9650,0.9700,1.000,1.250,1.500,2.000"],
            table.ToString().TrimEnd().Split(Environment.NewLine));
        var lines = rows.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(SeedSpread.RowsHeader, lines[0]);
        Assert.Equal(["1,a,", "1,b,", "2,a,", "2,b,"], lines.Skip(1).Select(l => l[..4]));
        Assert.StartsWith("2,b,0.9600,1.500,2.000,0.9900,", lines[4]);
    }
}
