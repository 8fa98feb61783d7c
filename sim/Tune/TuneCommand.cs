using System.CommandLine;
using System.Globalization;
using Headroom.Sim.Hpa;
using Headroom.Sim.Replay;
using YamlDotNet.RepresentationModel;

namespace Headroom.Sim.Tune;

/// <summary>
/// tune --trace FILE --hpa HPA.yaml: replays the HPA with its metric's target (and its scale-down stabilization
/// window) varied over a grid, and prints the cheapest manifest that meets the objective.
/// </summary>
public static class TuneCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var common = new ReplayCommands.CommonOptions(withOut: false);
        var hpa = new Option<FileInfo>("--hpa") { Description = "An autoscaling/v2 HPA manifest with one metric: its target is searched.", Required = true };
        var attainment = new Option<double>("--attainment") { Description = "Share of attainable requests that must meet --slo-ttft.", DefaultValueFactory = _ => 0.99 };
        var windows = new Option<string>("--windows") { Description = "Scale-down stabilization windows to try, in seconds, comma-separated.", DefaultValueFactory = _ => "0,60,300,600" };
        var afterColdStart = new Option<bool>("--after-first-cold-start")
        {
            Description = "Judge each trial by the requests that arrive after the first cold start: the replay's start from its warm replicas, which no target changes, is left out.",
        };
        var command = new Command("tune", "Finds the cheapest HPA target (and scale-down window) for a metric that meets the TTFT objective on a trace.") { hpa, attainment, windows, afterColdStart };
        common.AddTo(command);
        command.SetAction(result => common.WithSetup(result, setup =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var goal = result.GetValue(attainment);
            if (goal is not (> 0 and <= 1))
            {
                error.WriteLine($"error: --attainment {result.GetValue(attainment)} must be above 0 and at most 1");
                return 2;
            }
            if (ParseWindows(result.GetValue(windows)!) is not { } candidates)
            {
                error.WriteLine($"error: --windows {result.GetValue(windows)} must be whole seconds from 0 to 3600, comma-separated");
                return 2;
            }
            if (setup.Roles is not null)
            {
                error.WriteLine("error: tune replays one pool; its --fleet has disaggregation:, which sim compare replays with a policy per role");
                return 2;
            }
            var file = result.GetRequiredValue(hpa);
            var manifest = TunableHpa.Read(File.ReadAllText(file.FullName), file.Name);
            var scaleToZero = common.ScaleToZero(result);
            var parallelism = common.Parallelism(result);
            var judgedAfter = result.GetValue(afterColdStart);
            var oracle = ReplayCommands.CommonOptions.SideBySide([("oracle", p => ReplayRunner.RunOracle(setup, p))], parallelism)[0].Summary;
            if (judgedAfter && oracle.SloAttainmentAfterFirstColdStart is null)
            {
                error.WriteLine($"error: --after-first-cold-start: no attainable request arrives after the first cold start ({oracle.FirstColdStartSeconds:F0} s)");
                return 2;
            }
            foreach (var note in ReplayNotes.For([oracle])) error.WriteLine($"note: {note.Text}");
            string Label(double target, int window) => $"{manifest.Format(target)} window {window}s";
            Trial Replay(double target, int window, Action<double>? progress)
            {
                var yaml = manifest.With(target, window);
                var spec = HpaSpecReader.Parse(yaml, scaleToZero);
                var summary = ReplayRunner.MeasuredAgainst(ReplayRunner.Run(setup, new HpaReplicaController(spec), Label(target, window), progress), oracle).Summary;
                var judged = judgedAfter ? summary.SloAttainmentAfterFirstColdStart ?? 0 : summary.SloAttainment;
                return new Trial(target, manifest.Format(target), window, judged, summary, yaml);
            }
            // A larger target asks for fewer replicas: between the largest that meets the objective and the next one
            // up, three halvings find a cheaper target the grid stepped over. Each halving follows the one before.
            List<Trial> Halve(Trial[] grid, int window, Action<double>? progress)
            {
                var found = new List<Trial>();
                var meets = Array.FindLastIndex(grid, t => t.Slo >= goal);
                if (meets < 0 || meets == grid.Length - 1) return found;
                double low = grid[meets].Value, high = grid[meets + 1].Value;
                for (var i = 0; i < 3; i++)
                {
                    var mid = manifest.Round((low + high) / 2);
                    if (mid <= low || mid >= high) break;
                    var step = i;
                    var trial = Replay(mid, window, progress is null ? null : p => progress((step + p) / 3));
                    found.Add(trial);
                    if (trial.Slo >= goal) low = mid;
                    else high = mid;
                }
                return found;
            }
            // Every window's grid side by side, then the windows' halvings side by side; the trials are listed as if
            // run in turn, window by window, each window's grid before its halvings.
            var targets = manifest.Targets().ToArray();
            var grids = ReplayCommands.CommonOptions.SideBySide(
                candidates.SelectMany(w => targets.Select(t => (Label(t, w), (Func<Action<double>?, Trial>)(p => Replay(t, w, p))))).ToArray(), parallelism)
                .Chunk(targets.Length).ToArray();
            var halvings = ReplayCommands.CommonOptions.SideBySide(
                candidates.Select((w, k) => ($"window {w}s, between grid targets", (Func<Action<double>?, List<Trial>>)(p => Halve(grids[k], w, p)))).ToArray(), parallelism);
            var trials = grids.SelectMany((grid, k) => grid.Concat(halvings[k])).ToList();
            output.WriteLine($"metric {manifest.Metric} ({manifest.Field}); oracle {oracle.GpuHours.ToString("F2", CultureInfo.InvariantCulture)} GPU-h");
            output.WriteLine("target,scale_down_window_s,slo_attainment,gpu_hours,slo_attainment_after_first_cold_start,too_many_replicas_s");
            foreach (var t in trials)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Target},{t.Window},{t.Summary.SloAttainment:F4},{t.Summary.GpuHours:F3},{t.Summary.SloAttainmentAfterFirstColdStart:F4},{t.Summary.TooManyReplicasSeconds:F0}"));
            var which = judgedAfter ? $" of the requests after the first cold start ({oracle.FirstColdStartSeconds:F0} s)" : "";
            var best = trials.Where(t => t.Slo >= goal).OrderBy(t => t.Summary.GpuHours).FirstOrDefault();
            if (best is null)
            {
                var closest = trials.MaxBy(t => t.Slo)!;
                error.WriteLine($"no target of {manifest.Metric} tried meets {goal:P1}{(judgedAfter ? which : " of requests")} within {setup.SloTtftSeconds}s; the best reached {closest.Slo:P2}");
                // A maximum too low for the trace caps every target alike: the search cannot get past it, the user can.
                if (closest.Summary is { TooManyReplicasSeconds: > 0 and var capped, HeldAtMaxReplicas: { } held })
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"note: that trial (target {closest.Target}, scale-down window {closest.Window}s) was held at maxReplicas {held} for {capped:F0} s (ScalingLimited, reason TooManyReplicas): raise maxReplicas and tune again."));
                return 1;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# cheapest that meets {goal:P1}{which}: target {best.Target}, scale-down window {best.Window}s: SLO {best.Slo:P2}, {best.Summary.GpuHours:F2} GPU-h ({best.Summary.GpuHours / oracle.GpuHours:F2}x oracle)"));
            output.Write(best.Yaml);
            return 0;
        }));
        return command;
    }

    private static int[]? ParseWindows(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var windows = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var w) || w > 3600) return null;
            windows.Add(w);
        }
        return windows.Count == 0 ? null : windows.Distinct().ToArray();
    }

    // Slo is what the trial is judged by: its replay's attainment, or with --after-first-cold-start its attainment after it.
    private sealed record Trial(double Value, string Target, int Window, double Slo, ReplaySummary Summary, string Yaml);
}

/// <summary>An HPA manifest whose single metric target and scale-down window can be set, the rest kept as written.</summary>
internal sealed class TunableHpa
{
    private readonly string _yaml;
    private readonly double _target;

    private TunableHpa(string yaml, string metric, string field, double target)
    {
        _yaml = yaml;
        Metric = metric;
        Field = field;
        _target = target;
    }

    /// <summary>The metric's name.</summary>
    public string Metric { get; }

    /// <summary>The target field searched: averageValue, value or averageUtilization.</summary>
    public string Field { get; }

    /// <summary>Reads the manifest; it must parse as an HPA and have exactly one metric.</summary>
    /// <exception cref="HpaSpecException">Not an HPA the simulator reads, or not one metric.</exception>
    public static TunableHpa Read(string yaml, string name)
    {
        var spec = HpaSpecReader.Parse(yaml, scaleToZero: true);
        if (spec.Metrics.Count != 1) throw new HpaSpecException($"{name}: tune searches one metric's target; this HPA has {spec.Metrics.Count}");
        var metric = spec.Metrics[0];
        var (field, target) = metric.Target switch
        {
            { Type: MetricTargetType.Utilization, AverageUtilization: { } u } => ("averageUtilization", (double)u),
            { Type: MetricTargetType.AverageValue, AverageValueMilli: { } m } => ("averageValue", m / 1000.0),
            { Type: MetricTargetType.Value, ValueMilli: { } m } => ("value", m / 1000.0),
            _ => throw new HpaSpecException($"{name}: the metric's target has no value to search"),
        };
        if (!(target > 0)) throw new HpaSpecException($"{name}: the metric's target must be positive to search around it");
        return new TunableHpa(yaml, metric.Name, field, target);
    }

    /// <summary>Targets from an eighth of the written one to eight times it, each √2 apart (whole percents for utilization).</summary>
    public IEnumerable<double> Targets()
    {
        return Enumerable.Range(-6, 13).Select(k => Round(_target * Math.Pow(2, k / 2.0))).Where(v => v > 0).Distinct();
    }

    /// <summary>A target as the manifest can hold it: whole percents for utilization, thousandths otherwise.</summary>
    public double Round(double target) =>
        Field == "averageUtilization" ? Math.Clamp(Math.Round(target), 1, 100) : Math.Round(target * 1000) / 1000;

    /// <summary>How <paramref name="target"/> is written in the manifest.</summary>
    public string Format(double target) =>
        Field == "averageUtilization"
            ? ((int)target).ToString(CultureInfo.InvariantCulture)
            : target == Math.Floor(target) ? ((long)target).ToString(CultureInfo.InvariantCulture) : $"{(long)Math.Round(target * 1000)}m";

    /// <summary>The manifest with the target and scale-down stabilization window set.</summary>
    public string With(double target, int windowSeconds)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(_yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var spec = (YamlMappingNode)root["spec"];
        var metric = (YamlMappingNode)((YamlSequenceNode)spec["metrics"]).Children[0];
        var source = (YamlMappingNode)metric.Children.First(c => c.Key is YamlScalarNode { Value: not "type" }).Value;
        var targetNode = (YamlMappingNode)source["target"];
        targetNode.Children[new YamlScalarNode(Field)] = new YamlScalarNode(Format(target)) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };
        var behavior = Child(spec, "behavior");
        var scaleDown = Child(behavior, "scaleDown");
        scaleDown.Children[new YamlScalarNode("stabilizationWindowSeconds")] = new YamlScalarNode(windowSeconds.ToString(CultureInfo.InvariantCulture));
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends a document with "...": not wrong, but not how a manifest is written.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlMappingNode Child(YamlMappingNode parent, string key)
    {
        if (parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode mapping) return mapping;
        var created = new YamlMappingNode();
        parent.Children[new YamlScalarNode(key)] = created;
        return created;
    }
}
