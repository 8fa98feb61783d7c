using System.Globalization;
using Headroom.Signals.Planning;
using Headroom.Sim.Fleet;
using Headroom.Sim.Traces;

namespace Headroom.Bench.Sim;

/// <summary>
/// The sizing model against the fleet model: for each trace's mix of prompt and output sizes, steady Poisson arrivals
/// at a range of prefill loads on a warm 8B fleet of fixed size, the fewest replicas that serve 99% of attainable
/// requests within 2 s, next to what <see cref="ReplicaSizing"/> asks for with the traffic's true demand and the
/// whole miss budget. Prints the Markdown table of docs/scaling.md. Other request traces can be named, and every
/// output length multiplied (the same prompts held in the batch longer or shorter), which is how docs/scaling.md shows
/// what the dispatch factor leaves out; and prompts longer than a bound left out.
/// </summary>
public static class SizingCalibration
{
    private const double Ttft = 2;
    private static readonly double[] Loads = [0.3, 1, 2.5, 6, 15];
    private static readonly string[] Traces = ["AzureLLMInferenceTrace_conv.csv", "AzureLLMInferenceTrace_code.csv", "mooncake_synthetic_trace.jsonl"];

    /// <summary>Runs <c>sizing-calibration [traces directory] [--traces a.csv,b.jsonl] [--output-scale k] [--max-prompt tokens]</c>.</summary>
    public static void Run(string[] args)
    {
        var directory = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : Path.Combine("..", "shared", "traces");
        var traces = BenchArgs.Option(args, "--traces")?.Split(',') ?? Traces;
        var outputScale = double.Parse(BenchArgs.Option(args, "--output-scale") ?? "1", CultureInfo.InvariantCulture);
        var maxPrompt = int.Parse(BenchArgs.Option(args, "--max-prompt") ?? int.MaxValue.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var model = FleetSpec.Default.Model;
        var chunk = model.ChunkTokens(0);
        var prefill = chunk / model.IterationSeconds(0, chunk);
        var capacity = new ReplicaCapacity(prefill, model.PeakDecodeTokensPerSecond, model.KvCacheTokens);
        Console.WriteLine($"| prompt mix | {string.Join(" | ", Loads.Select(l => $"load {l.ToString(CultureInfo.InvariantCulture)}"))} |");
        Console.WriteLine($"|---|{string.Concat(Loads.Select(_ => "---|"))}");
        foreach (var trace in traces)
        {
            var mix = new TraceReader(Path.Combine(directory, trace)).Requests().Where(r => r.PromptTokens <= maxPrompt)
                .Select(r => (r.PromptTokens, OutputTokens: Math.Max(1, (int)Math.Round(r.OutputTokens * outputScale)))).ToArray();
            var meanPrompt = mix.Average(r => (double)r.PromptTokens);
            var meanOutput = mix.Average(r => (double)r.OutputTokens);
            var dispersion = mix.Average(r => (double)r.PromptTokens * r.PromptTokens) / meanPrompt;
            var cells = new List<string>();
            foreach (var load in Loads)
            {
                var perSecond = load * prefill / meanPrompt;
                var demand = new Demand(perSecond * meanPrompt, perSecond * meanOutput, dispersion, 0, 0, meanPrompt);
                var asked = ReplicaSizing.Size(demand, capacity, new ServiceObjective(TimeSpan.FromSeconds(Ttft), 0.99), TimeSpan.FromSeconds(30)).Replicas;
                var needed = (int)Math.Max(1, Math.Ceiling(load));
                while (SteadyLoad.Attainment(FleetSpec.Default, mix, perSecond, needed, Ttft, Ttft * prefill, seed: 7) < 0.99) needed++;
                cells.Add($"{needed} / {asked}");
            }
            Console.WriteLine($"| {Path.GetFileNameWithoutExtension(trace)} | {string.Join(" | ", cells)} |");
        }
    }
}
