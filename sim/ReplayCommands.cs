using System.CommandLine;
using System.Runtime.ExceptionServices;
using Headroom.Fleet;
using Headroom.Signals.Configuration;
using Headroom.Signals.Pipeline;
using Headroom.Sim.Fleet;
using Headroom.Sim.Hpa;
using Headroom.Sim.Keda;
using Headroom.Sim.Peers.Aibrix;
using Headroom.Sim.Replay;
using Headroom.Sim.Traces;
using Spectre.Console;

namespace Headroom.Sim;

/// <summary>The replay and compare commands.</summary>
public static class ReplayCommands
{
    /// <summary>replay --trace FILE --hpa HPA.yaml ... --out DIR.</summary>
    public static Command Replay()
    {
        var common = new CommonOptions();
        var hpa = new Option<FileInfo?>("--hpa") { Description = "An autoscaling/v2 HorizontalPodAutoscaler manifest (YAML) whose metrics are headroom_* metrics." };
        var scaledObject = new Option<FileInfo?>("--scaledobject") { Description = "A KEDA ScaledObject (keda.sh/v1alpha1) whose triggers read Headroom (external, external-push, metrics-api)." };
        var noOracle = new Option<bool>("--no-oracle") { Description = "Skip the clairvoyant oracle's replay (its figures are left empty): one replay instead of two." };
        var command = new Command("replay", "Replays a request trace through the fleet model, scaled by the HPA or KEDA controller model fed by Headroom's signal pipeline.") { hpa, scaledObject, noOracle };
        common.AddTo(command);
        command.SetAction(result =>
        {
            if ((result.GetValue(hpa) is null) == (result.GetValue(scaledObject) is null))
            {
                result.InvocationConfiguration.Error.WriteLine("error: give exactly one of --hpa and --scaledobject");
                return 2;
            }
            return common.Run(result, [(result.GetValue(hpa) ?? result.GetValue(scaledObject))!], compare: false, oracle: !result.GetValue(noOracle));
        });
        return command;
    }

    /// <summary>compare --trace FILE --policy A.yaml --policy B.yaml ... --out DIR.</summary>
    public static Command Compare()
    {
        var common = new CommonOptions();
        var policies = new Option<FileInfo[]>("--policy") { Description = "A policy: an autoscaling/v2 HPA, a KEDA ScaledObject or an AIBrix PodAutoscaler manifest. Repeat for each policy.", Required = true, AllowMultipleArgumentsPerToken = false };
        var seeds = new Option<string?>("--seeds")
        {
            Description = "Fleet seeds to repeat the comparison over, comma-separated (such as 1,2,3,4): each draws other cold starts. Prints each policy's least, mean and most attainment and GPU-hours instead of the table, and writes every seed's row to seeds.csv; the other outputs are the first seed's.",
        };
        var command = new Command("compare", "Replays one trace under several policies and writes their results side by side.") { policies, seeds };
        common.AddTo(command);
        command.SetAction(result =>
        {
            var (list, problem) = SeedSpread.Parse(result.GetValue(seeds));
            if (problem is not null)
            {
                result.InvocationConfiguration.Error.WriteLine($"error: {problem}");
                return 2;
            }
            return common.Run(result, result.GetRequiredValue(policies), compare: true, oracle: true, list);
        });
        return command;
    }

    internal sealed class CommonOptions(bool withOut = true)
    {
        private readonly Option<FileInfo> _trace = new("--trace") { Description = "A request trace: Azure, BurstGPT, Mooncake JSONL or generic CSV.", Required = true };
        private readonly Option<FileInfo?> _config = new("--config") { Description = "headroom.yaml: its first workload and its signals settings feed the pipeline." };
        private readonly Option<FileInfo?> _fleet = new("--fleet") { Description = "fleet.yaml: model profile, cold start, step (default: 8B on H100)." };
        private readonly Option<string> _slo = new("--slo-ttft") { Description = "TTFT objective (Go duration).", DefaultValueFactory = _ => "2s" };
        private readonly Option<double> _timeScale = new("--time-scale") { Description = "Multiply arrival times (2 = twice as long, half the rate).", DefaultValueFactory = _ => 1 };
        private readonly Option<double> _rateScale = new("--rate-scale") { Description = "Multiply the request rate.", DefaultValueFactory = _ => 1 };
        private readonly Option<int> _loop = new("--loop") { Description = "Play the trace N times back to back.", DefaultValueFactory = _ => 1 };
        private readonly Option<BadRowPolicy> _badRows = new("--bad-rows") { Description = "A bad trace row stops the replay, naming its line (fail), or is skipped and counted (skip).", DefaultValueFactory = _ => BadRowPolicy.Fail };
        private readonly Option<string> _fleetModel = new Option<string>("--fleet-model")
        {
            Description = "How the fleet model advances time: event (from event to event, the default) or step (the 100 ms step model, kept as the reference for one release).",
            DefaultValueFactory = _ => "event",
        }.AcceptOnlyFromAmong("event", "step");
        private readonly Option<bool> _scaleToZero = new("--scale-to-zero") { Description = "The HPAScaleToZero feature gate: allow minReplicas 0." };
        private readonly Option<int> _parallel = new("--parallel")
        {
            Description = "Most replays run at once, side by side (default: one per processor). Each replay's results are the same however many run.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        private readonly Option<DirectoryInfo> _out = new("--out") { Description = "Directory for summary.json, timeline.csv, replicas.csv and report.html.", Required = true };

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { _trace, _config, _fleet, _slo, _timeScale, _rateScale, _loop, _badRows, _fleetModel, _scaleToZero, _parallel }) command.Add(o);
            if (withOut) command.Add(_out);
        }

        /// <summary>Replays each policy (and the oracle) on the options' setup; with <paramref name="seeds"/>, once per fleet seed.</summary>
        public int Run(ParseResult result, IReadOnlyList<FileInfo> policies, bool compare, bool oracle, IReadOnlyList<int>? seeds = null) => WithSetup(result, setup =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var scaleToZero = result.GetValue(_scaleToZero);
            var names = policies.Select(p => Path.GetFileNameWithoutExtension(p.Name)).ToArray();
            // Every policy is read, and its triggers checked, before any replay starts; each replay gets fresh controllers.
            var runs = policies.Select((p, i) => RunOf(setup, p, names[i], scaleToZero)).ToArray();
            var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                error.WriteLine($"error: two policies are named {duplicate.Key}; give the files different names");
                return 2;
            }
            // Every seed's oracle and policies, side by side: no replay needs another's results while it runs.
            var seedList = seeds ?? [setup.Fleet.Seed];
            var works = new List<(string Label, Func<Action<double>?, ReplayResult> Work)>();
            foreach (var seed in seedList)
            {
                var seeded = setup with { Fleet = setup.Fleet with { Seed = seed } };
                var ofSeed = seeds is null ? "" : $" (seed {seed})";
                if (oracle)
                    works.Add(("oracle" + ofSeed, p => seeded.Roles is null ? ReplayRunner.RunOracle(seeded, p) : ReplayRunner.RunDisaggregatedOracle(seeded)));
                for (var i = 0; i < runs.Length; i++)
                {
                    var run = runs[i];
                    works.Add((names[i] + ofSeed, p => run(seeded, p)));
                }
            }
            var done = SideBySide(works, Parallelism(result));
            var perSeed = runs.Length + (oracle ? 1 : 0);
            var bySeed = seedList.Select((seed, s) =>
            {
                var baseline = oracle ? done[s * perSeed].Summary : null;
                var results = done.Skip(s * perSeed + perSeed - runs.Length).Take(runs.Length).Select(r => ReplayRunner.MeasuredAgainst(r, baseline));
                return (Seed: seed, Results: results.ToArray());
            }).ToList();
            var results = bySeed[0].Results;
            foreach (var note in ReplayNotes.For(results.Select(r => r.Summary).ToArray())) error.WriteLine($"note: {note.Text}");
            var outDir = result.GetRequiredValue(_out).FullName;
            var traceName = Path.GetFileName(setup.TracePath);
            if (compare) ReplayOutput.WriteComparison(outDir, traceName, results);
            else ReplayOutput.Write(outDir, traceName, results[0]);
            if (seeds is not null)
            {
                using var rows = new StreamWriter(Path.Combine(outDir, "seeds.csv"));
                SeedSpread.Write(output, rows, bySeed.Select(s => (s.Seed, (IReadOnlyList<ReplaySummary>)s.Results.Select(r => r.Summary).ToArray())).ToArray());
            }
            else if (compare) PrintTable(output, results);
            else output.WriteLine(ReplayOutput.SummaryJson(results[0].Summary));
            return 0;
        });

        // One policy's replay on a setup (the read one, or it with another fleet seed): one controller for one pool, or
        // one per role for a prefill/decode fleet. The policy is read here, once.
        private static Func<ReplaySetup, Action<double>?, ReplayResult> RunOf(ReplaySetup setup, FileInfo policy, string name, bool scaleToZero)
        {
            if (setup.Roles is { } roles)
            {
                var controllers = ReadRolePolicy(policy, scaleToZero, roles);
                return (seeded, _) => ReplayRunner.RunDisaggregated(seeded, controllers(), name);
            }
            var controller = ReadPolicy(policy, scaleToZero);
            return (seeded, progress) => ReplayRunner.Run(seeded, controller(), name, progress);
        }

        /// <summary>Reads the options every replay shares into a setup and runs <paramref name="work"/> on it; bad input is a message and exit 1 or 2.</summary>
        public int WithSetup(ParseResult result, Func<ReplaySetup, int> work)
        {
            var error = result.InvocationConfiguration.Error;
            var trace = result.GetRequiredValue(_trace);
            var options = new TraceOptions(result.GetValue(_timeScale), result.GetValue(_rateScale), result.GetValue(_loop));
            if (options.Problem() is { } problem)
            {
                error.WriteLine($"error: {problem}");
                return 2;
            }
            if (result.GetValue(_parallel) < 1)
            {
                error.WriteLine($"error: --parallel {result.GetValue(_parallel)} must be at least 1");
                return 2;
            }
            if (Duration.TryParse(result.GetValue(_slo)) is not { } slo || slo <= TimeSpan.Zero)
            {
                error.WriteLine($"error: --slo-ttft {result.GetValue(_slo)} is not a positive duration (such as 2s)");
                return 2;
            }
            try
            {
                var fleet = (result.GetValue(_fleet) is { } f ? FleetSpecReader.Parse(File.ReadAllText(f.FullName), f.Name) : FleetSpec.Default) with
                {
                    Timing = result.GetValue(_fleetModel) == "step" ? FleetTiming.Steps : FleetTiming.Events,
                };
                var (workload, signals, roles) = result.GetValue(_config) is { } c
                    ? FromConfig(c, fleet.Disaggregation is not null)
                    : (ReplaySetup.DefaultWorkload(fleet, slo.TotalSeconds), new SignalOptions(),
                        fleet.Disaggregation is null ? null : ReplaySetup.DefaultRoles(fleet, slo.TotalSeconds));
                if (ReplaySetup.Mismatch(fleet, workload) is { } mismatch)
                {
                    error.WriteLine($"error: {mismatch}");
                    return 2;
                }
                return work(new ReplaySetup(trace.FullName, options, fleet, workload, signals, slo.TotalSeconds, TimeSpan.FromHours(1), result.GetValue(_badRows))
                {
                    Roles = roles,
                });
            }
            catch (Exception e) when (e is HpaSpecException or ScaledObjectException or PodAutoscalerException or FleetSpecException or ConfigException or TraceFormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }

        /// <summary>The most replays --parallel lets run at once.</summary>
        public int Parallelism(ParseResult result) => result.GetValue(_parallel);

        /// <summary>Whether --scale-to-zero was given.</summary>
        public bool ScaleToZero(ParseResult result) => result.GetValue(_scaleToZero);

        // A policy is read, and its triggers checked, before any replay starts; each replay gets a fresh controller.
        internal static Func<IReplicaController> ReadPolicy(FileInfo file, bool scaleToZero) =>
            ReadPolicy(File.ReadAllText(file.FullName), file.Name, scaleToZero);

        /// <summary>
        /// A prefill/decode fleet's policy: one manifest per role in one file (YAML documents separated by ---), each
        /// naming its role's Deployment as its scale target.
        /// </summary>
        internal static Func<RolePair<IReplicaController>> ReadRolePolicy(FileInfo file, bool scaleToZero, RolePair<Signals.Workloads.WorkloadSpec> roles)
        {
            var documents = System.Text.RegularExpressions.Regex.Split(File.ReadAllText(file.FullName), @"^---[ \t]*\r?$", System.Text.RegularExpressions.RegexOptions.Multiline)
                .Where(d => d.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith('#')))
                .ToArray();
            var (prefill, decode) = (roles.Prefill.DeploymentName, roles.Decode.DeploymentName);
            Func<IReplicaController>? forPrefill = null, forDecode = null;
            for (var i = 0; i < documents.Length; i++)
            {
                var at = $"{file.Name}, document {i + 1}";
                var target = ScaleTargetOf(documents[i]);
                var controller = ReadPolicy(documents[i], at, scaleToZero);
                if (target == prefill && forPrefill is null) forPrefill = controller;
                else if (target == decode && forDecode is null) forDecode = controller;
                else
                    throw new HpaSpecException(target == prefill || target == decode
                        ? $"{at}: a second policy for {target}; give one per role"
                        : $"{at}: spec.scaleTargetRef.name is {target ?? "not set"}, but the roles scale {prefill} (prefill) and {decode} (decode)");
            }
            if (forPrefill is null || forDecode is null)
                throw new HpaSpecException($"{file.Name}: a prefill/decode fleet needs a policy for each role's Deployment; none scales {(forPrefill is null ? prefill : decode)}");
            return () => new RolePair<IReplicaController>(forPrefill(), forDecode());
        }

        // spec.scaleTargetRef.name, which the HPA, the ScaledObject and AIBrix's PodAutoscaler all have.
        private static string? ScaleTargetOf(string yaml)
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlDotNet.Core.YamlException)
            {
                return null;
            }
            var node = stream.Documents.FirstOrDefault()?.RootNode;
            foreach (var key in new[] { "spec", "scaleTargetRef", "name" })
            {
                if (node is not YamlDotNet.RepresentationModel.YamlMappingNode map
                    || !map.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(key), out node)) return null;
            }
            return (node as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value;
        }

        private static Func<IReplicaController> ReadPolicy(string yaml, string name, bool scaleToZero)
        {
            try
            {
                switch (KindOf(yaml))
                {
                    case "ScaledObject":
                        var scaledObject = ScaledObjectReader.Parse(yaml);
                        _ = new KedaReplicaController(scaledObject);
                        return () => new KedaReplicaController(scaledObject);
                    case "PodAutoscaler":
                        var aibrix = PodAutoscalerReader.Parse(yaml);
                        return aibrix.Strategy == AibrixStrategy.Kpa ? () => new KpaController(aibrix) : () => new ApaController(aibrix);
                    default:
                        var spec = HpaSpecReader.Parse(yaml, scaleToZero);
                        return () => new HpaReplicaController(spec);
                }
            }
            catch (HpaSpecException e)
            {
                throw new HpaSpecException($"{name}: {e.Message}");
            }
            catch (ScaledObjectException e)
            {
                throw new ScaledObjectException($"{name}: {e.Message}");
            }
            catch (PodAutoscalerException e)
            {
                throw new PodAutoscalerException($"{name}: {e.Message}");
            }
        }

        // The manifest's top-level kind; anything else (an HPA, or a document that does not parse) goes to the HPA
        // reader, which reports the syntax error with its position.
        private static string? KindOf(string yaml)
        {
            // Without either word anywhere the kind can be neither, and an HPA manifest skips a second full parse
            // (a tenth of a second of start-up). A kind spelt with escapes would go to the HPA reader, which rejects it.
            if (!yaml.Contains("ScaledObject", StringComparison.Ordinal) && !yaml.Contains("PodAutoscaler", StringComparison.Ordinal)) return null;
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlDotNet.Core.YamlException)
            {
                return null;
            }
            return stream.Documents.FirstOrDefault()?.RootNode is YamlDotNet.RepresentationModel.YamlMappingNode root
                && root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("kind"), out var kind)
                && kind is YamlDotNet.RepresentationModel.YamlScalarNode { Value: var value }
                ? value : null;
        }

        // The first workload; for a prefill/decode fleet, the first workload's two roles.
        private static (Signals.Workloads.WorkloadSpec, SignalOptions, RolePair<Signals.Workloads.WorkloadSpec>?) FromConfig(FileInfo file, bool disaggregated)
        {
            var config = ConfigLoader.LoadFile(file.FullName);
            if (config.Workloads.Count == 0) throw new ConfigException([$"{file.Name}: workloads: the replay needs one workload"]);
            var first = config.Workloads[0];
            if (!disaggregated)
            {
                if (first.Role is not null)
                    throw new ConfigException([$"{file.Name}: workloads[0] has roles, but the fleet runs one pool; add disaggregation: to fleet.yaml, or remove the roles"]);
                return (first, config.Signals, null);
            }
            var own = config.Workloads.Where(w => w.Namespace == first.Namespace && w.Name == first.Name).ToArray();
            var prefill = own.FirstOrDefault(w => w.Role?.Name == Signals.Workloads.WorkloadRole.Prefill);
            var decode = own.FirstOrDefault(w => w.Role?.Name == Signals.Workloads.WorkloadRole.Decode);
            if (prefill is null || decode is null)
                throw new ConfigException([$"{file.Name}: workloads[0]: a prefill/decode fleet needs a workload with both roles (roles: {{prefill: ..., decode: ...}})"]);
            return (prefill, config.Signals, new RolePair<Signals.Workloads.WorkloadSpec>(prefill, decode));
        }

        private static void PrintTable(TextWriter output, IReadOnlyList<ReplayResult> results)
        {
            output.WriteLine("policy,requests,completed,dropped,slo_attainment,ttft_p50_s,ttft_p99_s,queue_wait_p99_s,gpu_hours,oracle_gpu_hours,scale_events,cold_starts,unattainable,oracle_slo_attainment,slo_attainment_after_first_cold_start");
            foreach (var s in results.Select(r => r.Summary))
            {
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{s.Policy},{s.Requests},{s.Completed},{s.Dropped},{s.SloAttainment:F4},{s.TtftP50Seconds:F3},{s.TtftP99Seconds:F3},{s.QueueWaitP99Seconds:F3},{s.GpuHours:F3},{s.OracleGpuHours:F3},{s.ScaleEvents},{s.ColdStarts},{s.Unattainable},{s.OracleSloAttainment:F4},{s.SloAttainmentAfterFirstColdStart:F4}"));
            }
        }

        /// <summary>
        /// Runs <paramref name="works"/> side by side, at most <paramref name="parallelism"/> at once, with a progress bar
        /// each on an interactive terminal (nothing when output is redirected: CI, tests, pipes), and returns their
        /// results in their order. A replay shares nothing with another and is deterministic, so each result is what it
        /// would be alone. When works throw, the first of them in order rethrows its exception.
        /// </summary>
        internal static T[] SideBySide<T>(IReadOnlyList<(string Label, Func<Action<double>?, T> Work)> works, int parallelism)
        {
            var results = new T[works.Count];
            var failures = new ExceptionDispatchInfo?[works.Count];
            var shares = new double[works.Count];
            void RunAll(bool report) => Parallel.For(0, works.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
            {
                try
                {
                    results[i] = works[i].Work(report ? share => Volatile.Write(ref shares[i], share) : null);
                }
                catch (Exception e)
                {
                    failures[i] = ExceptionDispatchInfo.Capture(e);
                }
            });
            // Redirected output is asked first: it needs no console profile, whose detection costs start-up time.
            if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive) RunAll(report: false);
            else
            {
                AnsiConsole.Progress().Start(ctx =>
                {
                    // The display is not thread-safe: the replays write their shares done, and this thread shows them.
                    var tasks = works.Select(w => ctx.AddTask(w.Label, maxValue: 1)).ToArray();
                    var running = Task.Run(() => RunAll(report: true));
                    while (!running.Wait(TimeSpan.FromMilliseconds(100)))
                    {
                        for (var i = 0; i < tasks.Length; i++) tasks[i].Value = Volatile.Read(ref shares[i]);
                    }
                    foreach (var task in tasks) task.Value = 1;
                });
            }
            foreach (var failure in failures) failure?.Throw();
            return results;
        }
    }
}
