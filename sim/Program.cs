using System.CommandLine;
using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;

namespace Headroom.Sim;

/// <summary>headroom-sim: replays recorded or synthetic metrics through autoscaler models.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    /// <summary>The root command and its subcommands.</summary>
    public static RootCommand BuildRootCommand() => new("Headroom's replay simulator.") { HpaCommand(), BacktestCommand(), ReplayCommands.Replay(), ReplayCommands.Compare(), Tune.TuneCommand.Create() };

    private static Command BacktestCommand()
    {
        var trace = new Option<FileInfo>("--trace") { Description = "A request trace (Azure, BurstGPT, Mooncake, generic CSV) or an aggregated rate series (window_start_s,window_s,total_rate_rps).", Required = true };
        var horizon = new Option<string>("--horizon") { Description = "How far ahead to forecast (Go duration: 1m, 5m, 15m)." };
        var fleet = new Option<FileInfo>("--fleet")
        {
            Description = "A fleet spec (sim/examples/fleet-*.yaml): forecast at its cold-start p50 and p90, the leads the adapter forecasts at, " +
                "each into its own directory under --out.",
        };
        var step = new Option<string>("--step") { Description = "Aggregation step for request traces (a rate series keeps its windows).", DefaultValueFactory = _ => "1m" };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Directory for backtest.json and backtest.svg.", Required = true };
        var command = new Command("backtest", "Aggregates a trace to token demand per step and backtests every forecaster by rolling origin.")
        {
            trace, horizon, fleet, step, outDir,
        };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            if (result.GetValue(horizon) is null == result.GetValue(fleet) is null)
            {
                error.WriteLine("error: give one of --horizon and --fleet");
                return 2;
            }
            var horizons = new List<(TimeSpan Horizon, string? Name)>();
            if (result.GetValue(horizon) is { } asked)
            {
                if (Headroom.Signals.Configuration.Duration.TryParse(asked) is not { } h || h <= TimeSpan.Zero)
                {
                    error.WriteLine($"error: --horizon {asked} is not a positive duration (such as 5m)");
                    return 2;
                }
                horizons.Add((h, null));
            }
            if (Headroom.Signals.Configuration.Duration.TryParse(result.GetValue(step)) is not { } s || s <= TimeSpan.Zero)
            {
                error.WriteLine($"error: --step {result.GetValue(step)} is not a positive duration (such as 1m)");
                return 2;
            }
            try
            {
                if (result.GetValue(fleet) is { } spec)
                {
                    var coldStart = Fleet.FleetSpecReader.Parse(File.ReadAllText(spec.FullName), spec.Name).ColdStart;
                    horizons.Add((TimeSpan.FromSeconds(coldStart.P50Seconds), "cold-start-p50"));
                    horizons.Add((TimeSpan.FromSeconds(coldStart.P90Seconds), "cold-start-p90"));
                }
                foreach (var (h, name) in horizons)
                {
                    var directory = result.GetRequiredValue(outDir).FullName;
                    if (name is not null)
                    {
                        directory = Path.Combine(directory, name);
                        output.WriteLine($"{name}: horizon {h.TotalSeconds:F0} s");
                    }
                    var selection = Backtest.BacktestRunner.Run(new Backtest.BacktestRequest(result.GetRequiredValue(trace).FullName, h, s, directory), output);
                    output.WriteLine("model,forecasts,mae,smape,mase,pinball_p50,pinball_p90,coverage_p10_p90");
                    foreach (var score in selection.Scores)
                        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"{score.Model},{score.Forecasts},{score.Mae:G6},{score.Smape:G4},{score.Mase:G4},{score.PinballP50:G6},{score.PinballP90:G6},{score.Coverage80:G3}"));
                }
                return 0;
            }
            catch (Exception e) when (e is Traces.TraceFormatException or Fleet.FleetSpecException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command HpaCommand()
    {
        var hpa = new Option<FileInfo>("--hpa") { Description = "An autoscaling/v2 HorizontalPodAutoscaler manifest (YAML).", Required = true };
        var metrics = new Option<FileInfo>("--metrics")
        {
            Description = "CSV: time_s, then one column per metric, named by the metric's name (container/resource for ContainerResource). " +
                "A cell holds what the metrics API returns: the total for Object and External metrics, the per-pod average for Pods metrics, " +
                "and for Resource metrics the utilization percent of request (Utilization target) or the per-pod average (AverageValue target). " +
                "An empty cell is a metric the API could not serve.",
            Required = true,
        };
        var initialReplicas = new Option<int?>("--initial-replicas") { Description = "Replicas before the first sync (default: minReplicas, at least 1)." };
        var scaleToZero = new Option<bool>("--scale-to-zero") { Description = "The HPAScaleToZero feature gate: allow minReplicas 0." };
        var command = new Command("hpa", "Replays a metric series through the Kubernetes HPA controller, a sync every 15 s; prints time_s,proposal,stabilized,desired_replicas,scaling_limited.")
        {
            hpa, metrics, initialReplicas, scaleToZero,
        };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            try
            {
                var spec = HpaSpecReader.Parse(Read(result.GetRequiredValue(hpa)), result.GetValue(scaleToZero));
                var seriesFile = result.GetRequiredValue(metrics);
                var series = MetricSeries.Parse(Read(seriesFile), seriesFile.Name);
                var initial = result.GetValue(initialReplicas) ?? Math.Max(spec.MinReplicas, 1);
                if (initial < 0)
                {
                    error.WriteLine($"error: --initial-replicas {initial} is negative");
                    return 2;
                }
                var rows = HpaReplay.Run(spec, series, initial, new HpaController(), seriesFile.Name);
                output.WriteLine("time_s,proposal,stabilized,desired_replicas,scaling_limited");
                foreach (var row in rows)
                {
                    output.WriteLine($"{MetricSeries.Format(row.TimeSeconds)},{row.Proposal},{row.Stabilized},{row.DesiredReplicas},{row.Limited.Reason()}");
                }
                return 0;
            }
            catch (HpaSpecException e)
            {
                error.WriteLine($"error: {result.GetRequiredValue(hpa).Name}: {e.Message}");
            }
            catch (Exception e) when (e is SeriesCsvException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {e.Message}");
            }
            return 1;
        });
        return command;
    }

    private static string Read(FileInfo file) => File.ReadAllText(file.FullName);
}
