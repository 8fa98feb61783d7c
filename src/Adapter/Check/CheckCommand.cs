using System.CommandLine;
using Headroom.Adapter.Hosting;
using Headroom.Signals.Configuration;
using Headroom.Signals.Sources;
using Headroom.Signals.Sources.Demo;
using Headroom.Signals.Workloads;

namespace Headroom.Adapter.Check;

/// <summary>
/// <c>headroom check</c>: validates the config, observes every workload once through its source, prints what it found
/// per workload and one line per problem; the exit status is 0 only when there is none, for CI.
/// </summary>
public static class CheckCommand
{
    private static readonly Option<string?> ConfigFile = new("--config") { Description = "Workloads and sources (YAML) to check." };
    private static readonly Option<string?> ListerKubeconfig = new("--lister-kubeconfig") { Description = "Kubeconfig of the API that workload pods are listed from (default: the in-cluster config in a pod)." };
    private static readonly Option<bool> Demo = new("--demo") { Description = "Check the embedded simulated fleet instead of --config." };
    private static readonly Option<int> DemoSeed = new("--demo-seed") { Description = "Random seed of the simulated fleet.", DefaultValueFactory = _ => 42 };
    private static readonly Option<string> Patience = new("--timeout") { Description = "How long to wait for a source that is still listing pods (Go duration).", DefaultValueFactory = _ => "10s" };

    /// <summary>The subcommand.</summary>
    public static Command Build()
    {
        var command = new Command("check", "Validate the config, read every workload once, and report what was found; non-zero exit on any problem.")
        {
            ConfigFile, ListerKubeconfig, Demo, DemoSeed, Patience,
        };
        command.SetAction((result, ct) => RunAsync(result.GetValue(ConfigFile), result.GetValue(ListerKubeconfig), result.GetValue(Demo),
            result.GetValue(DemoSeed), result.GetValue(Patience)!, Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary>Runs the check; the table goes to <paramref name="output"/>, the problems to <paramref name="errors"/>.</summary>
    public static async Task<int> RunAsync(string? configFile, string? listerKubeconfig, bool demo, int demoSeed, string patience,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (Duration.TryParse(patience) is not { } wait || wait < TimeSpan.Zero)
            return Usage(errors, $"--timeout {patience} is not a duration (such as 10s)");
        if (demo == (configFile is not null))
            return Usage(errors, "give either --config or --demo");

        // Sources log what a report line cannot hold (why a scrape failed); it goes to stderr beside the problems.
        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        IReadOnlyList<WorkloadSpec> workloads;
        IWorkloadSource source;
        Func<WorkloadSpec, string> sourceName = _ => "demo";
        if (demo)
        {
            var fleet = new DemoFleet(DemoFleetOptions.Default(demoSeed), TimeProvider.System);
            (workloads, source) = (fleet.WorkloadSpecs, fleet);
        }
        else
        {
            try
            {
                var config = ConfigLoader.LoadFile(configFile!);
                (workloads, source) = (config.Workloads, HostPlans.Sources(config,
                    DelegatedApi.Resolve("--lister-kubeconfig", listerKubeconfig, new AdapterOptions().InCluster), loggers));
                sourceName = w => w.Source == SourceKind.Prometheus ? $"prometheus {config.Prometheus!.Url}" : "scrape";
            }
            catch (ConfigException ex)
            {
                return Failed(errors, ex.Problems.Select(p => $"--config {configFile}: {p}"));
            }
            catch (OptionsException ex)
            {
                return Failed(errors, ex.Problems);
            }
        }

        try
        {
            var reports = await Task.WhenAll(workloads.Select(w => WorkloadCheck.RunAsync(w, source, sourceName(w), wait, cancellationToken)));
            CheckTable.Write(output, reports);
            var problems = reports.SelectMany(r => r.Problems).ToList();
            return problems.Count == 0 ? 0 : Failed(errors, problems);
        }
        finally
        {
            if (source is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    private static int Failed(TextWriter errors, IEnumerable<string> problems)
    {
        foreach (var problem in problems) errors.WriteLine($"error: {problem}");
        return 1;
    }

    private static int Usage(TextWriter errors, string message)
    {
        errors.WriteLine($"error: {message}");
        return 2;
    }
}
