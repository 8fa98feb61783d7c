using System.CommandLine;

namespace Headroom.Sim.Tests.Hpa;

// The hpa command end to end, invoked in-process through the same root command as the executable.
public sealed class HpaCommandTests : IDisposable
{
    private const string Hpa = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: chat}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: chat}
          minReplicas: 1
          maxReplicas: 10
          metrics:
          - type: External
            external:
              metric: {name: queue_depth}
              target: {type: AverageValue, averageValue: "10"}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Each_sync_prints_proposal_stabilized_and_desired()
    {
        // No behavior, so normalizeDesiredReplicas; External AverageValue 10, so GetExternalPerPodMetricReplicas.
        // t=0  (row 0,  20): 20/(10×2) = 1.0, within the tolerance: 2; window max(2, initial 2) = 2; 2.
        // t=15 (row 15, 45): 45/(10×2) = 2.25: ceil(45/10) = 5; window 5; scale-up limit max(2×2, 4) = 4.
        // t=30 (row 15, 45): 45/(10×4) = 1.125: 5; window 5; limit 8: 5.
        // t=45 (row 40, 12): 12/(10×5) = 0.24: ceil(1.2) = 2; window max(2, 5, 5, 2, 2) = 5: 5.
        // t=60 (row 60, empty): the only metric fails, the sync fails, 5 stays.
        // t=75 (row 60): the same.
        var (exit, output, error) = Run(Hpa, """
            time_s,queue_depth
            0,20
            15,45
            40,12
            60,
            75,
            """, "--initial-replicas", "2");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal("""
            time_s,proposal,stabilized,desired_replicas,scaling_limited
            0,2,2,2,
            15,5,5,4,ScaleUpLimit
            30,5,5,5,
            45,2,5,5,
            60,,,5,
            75,,,5,

            """, output, ignoreLineEndingDifferences: true);
    }

    [Fact]
    public void A_missing_metric_column_is_named()
    {
        var (exit, output, error) = Run(Hpa, "time_s,queue\n0,1\n");

        Assert.Equal((1, ""), (exit, output));
        Assert.Contains("series.csv has no column \"queue_depth\" for spec.metrics[0] (External); its header is time_s,queue", error);
    }

    [Theory]
    [InlineData("time,queue_depth\n0,1\n", "series.csv line 1, column 1: the first column must be time_s, not \"time\"")]
    [InlineData("time_s,queue_depth\n0,1\n15,lots\n", "series.csv line 3, column 2 (queue_depth): \"lots\" is not a number")]
    [InlineData("time_s,queue_depth\n0,1\n15\n", "series.csv line 3: 1 fields, but the header has 2")]
    [InlineData("time_s,queue_depth\n15,1\n15,2\n", "series.csv line 3, column 1 (time_s): 15 does not come after 15 on line 2")]
    [InlineData("time_s,queue_depth,cpu\n0,1,2\n", "series.csv line 1, column 3: \"cpu\" is not a metric of the HPA")]
    [InlineData("time_s,queue_depth\n", "series.csv has a header but no rows")]
    public void A_bad_csv_is_refused_with_line_and_column(string csv, string message)
    {
        var (exit, _, error) = Run(Hpa, csv);

        Assert.Equal(1, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void An_hpa_that_does_not_parse_is_refused_with_its_line()
    {
        var (exit, _, error) = Run(Hpa.Replace("maxReplicas: 10", "maxReplicas: [10"), "time_s,queue_depth\n0,1\n");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: hpa.yaml: line ", error);
    }

    private (int Exit, string Output, string Error) Run(string hpa, string csv, params string[] extra)
    {
        var hpaPath = Path.Combine(_dir, "hpa.yaml");
        var csvPath = Path.Combine(_dir, "series.csv");
        File.WriteAllText(hpaPath, hpa);
        File.WriteAllText(csvPath, csv);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.BuildRootCommand()
            .Parse(["hpa", "--hpa", hpaPath, "--metrics", csvPath, .. extra])
            .Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
